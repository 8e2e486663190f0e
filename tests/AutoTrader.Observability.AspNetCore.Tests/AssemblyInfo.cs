// Each test starts real servers and processes; run them one at a time so that the shared 2-core
// machine keeps their timeouts meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
