"""Write a synthetic order book (and optionally an inventory file) for trying the batch commands.

    python examples/generate_orders.py --rows 200 --out examples/orders_small.csv
    python examples/generate_orders.py --rows 5000000 --out /tmp/orders_5m.parquet
    python examples/generate_orders.py --inventory examples/inventory_small.csv

The book is seeded (same --seed, same rows); see chipcontrols.batch.sample_orders for what is in it.
"""

from __future__ import annotations

import argparse
import sys

from chipcontrols.batch.sample_orders import generate_inventory, generate_orders
from chipcontrols.batch.writer import write_frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200, help="number of order lines (default 200)")
    parser.add_argument("--out", help="order book to write: .csv, .parquet or .xlsx")
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    parser.add_argument(
        "--bad-fraction", type=float, default=0.0, help="share of deliberately bad rows (default 0)"
    )
    parser.add_argument("--inventory", help="also write an inventory file (.csv, .parquet or .xlsx)")
    args = parser.parse_args(argv)
    if not args.out and not args.inventory:
        parser.error("give --out and/or --inventory")
    if args.out:
        write_frame(generate_orders(args.rows, seed=args.seed, bad_fraction=args.bad_fraction), args.out)
        print(f"wrote {args.rows:,} order lines to {args.out}")
    if args.inventory:
        write_frame(generate_inventory(seed=args.seed), args.inventory)
        print(f"wrote inventory to {args.inventory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
