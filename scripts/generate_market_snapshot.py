#!/usr/bin/env python3
"""Generates the offline market snapshot the scanner replays: SYNTHETIC data, not market history.

Deterministic (fixed seed), so the shipped file can be regenerated and compared byte for byte:
    python3 scripts/generate_market_snapshot.py > src/AutoTrader.Scanner/Data/market-snapshot.json
"""
import json
import math
import random

SEED = 42

# symbol, name, reference price in USD, market cap in USD (orders of magnitude only)
TOKENS = [
    ("BTC", "Bitcoin", 64000.0, 1.26e12),
    ("ETH", "Ethereum", 3100.0, 3.7e11),
    ("SOL", "Solana", 145.0, 6.5e10),
    ("BNB", "BNB", 560.0, 8.3e10),
    ("XRP", "XRP", 0.52, 2.9e10),
    ("ADA", "Cardano", 0.45, 1.6e10),
    ("DOGE", "Dogecoin", 0.13, 1.9e10),
    ("AVAX", "Avalanche", 28.0, 1.1e10),
    ("LINK", "Chainlink", 14.0, 8.5e9),
    ("DOT", "Polkadot", 6.2, 8.9e9),
    ("UNI", "Uniswap", 7.5, 4.5e9),
    ("ATOM", "Cosmos", 6.8, 2.6e9),
    ("LTC", "Litecoin", 72.0, 5.4e9),
    ("NEAR", "NEAR Protocol", 5.1, 5.5e9),
    ("APT", "Aptos", 7.9, 3.6e9),
    ("ARB", "Arbitrum", 0.85, 2.8e9),
    ("OP", "Optimism", 1.7, 2.0e9),
    ("PEPE", "Pepe", 0.0000095, 4.0e9),
    ("BONK", "Bonk", 0.000022, 1.5e9),
    ("WIF", "dogwifhat", 1.9, 1.9e9),
    ("FLOKI", "Floki", 0.00014, 1.3e9),
    ("JUP", "Jupiter", 0.75, 1.0e9),
    ("PYTH", "Pyth Network", 0.38, 1.4e9),
    ("GEMX", "Gem Example (small cap)", 0.042, 3.1e6),
    ("MOON", "Moonshot Example (micro cap)", 0.0031, 4.5e5),
]


def main():
    rng = random.Random(SEED)
    tokens = []
    for symbol, name, price, market_cap in TOKENS:
        size = math.log10(market_cap)  # 5.6 .. 12.1
        small = max(0.0, (9.0 - size) / 3.5)  # 0 for large caps, up to 1 for micro caps
        tokens.append({
            "symbol": symbol,
            "name": name,
            "price_usd": price,
            "market_cap_usd": market_cap,
            "volume_24h_usd": round(market_cap * rng.uniform(0.01, 0.12) * (1 + 2 * small), 2),
            "price_change_24h_pct": round(rng.gauss(0.0, 4.0 + 20.0 * small), 2),
            "volatility_24h": round(rng.uniform(0.01, 0.05) + 0.25 * small * rng.random(), 4),
            "order_book_depth_usd": round(market_cap * rng.uniform(0.0004, 0.002) / (1 + 9 * small), 2),
            "spread_bps": round(rng.uniform(0.5, 4.0) + 120 * small * rng.random(), 2),
            "cycle_seconds": rng.choice([300, 600, 900, 1800]),
            "phase": round(rng.uniform(0, 2 * math.pi), 4),
        })
    snapshot = {
        "synthetic": True,
        "note": "Synthetic market data for offline runs; not real prices.",
        "generator": "scripts/generate_market_snapshot.py",
        "seed": SEED,
        "tokens": tokens,
    }
    print(json.dumps(snapshot, indent=2))


if __name__ == "__main__":
    main()
