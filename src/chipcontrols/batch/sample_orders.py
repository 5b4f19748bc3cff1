"""A realistic, seeded, synthetic order book (and inventory) for docs, tests and benchmarks.

Products are chips of the bundled catalogue given by common name, exported by their vendor (the
``exporter`` column: company-specific "is-informed" letters bind their addressee); customers are worldwide, with
Chinese customers, subsidiaries of Chinese parents abroad (end_user_country ≠ end_user_headquarters)
and a few parties that are on US screening lists under their real names. Ship dates run from 2022 to
2026, never before a product's release. Generation is vectorised (NumPy + Polars), so millions of rows
take seconds. ``bad_fraction`` injects rows with the problems a real book has (unknown item, bad date,
zero quantity) to exercise error rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from chipcontrols.catalog import load_catalog

__all__ = [
    "CUSTOMERS",
    "PRODUCTS",
    "Customer",
    "Product",
    "available_products",
    "generate_inventory",
    "generate_orders",
]


@dataclass(frozen=True)
class Product:
    name: str
    unit_price_usd: float
    released: dt.date
    weight_world: float
    weight_china: float


@dataclass(frozen=True)
class Customer:
    name: str
    country: str
    headquarters: str
    end_use: str
    weight: float

    @property
    def china_linked(self) -> bool:
        return self.country in {"CN", "HK", "MO"} or self.headquarters in {"CN", "HK", "MO"}


PRODUCTS: tuple[Product, ...] = (
    Product("H100", 27_000, dt.date(2022, 3, 1), 5.0, 0.2),
    Product("H200", 32_000, dt.date(2024, 11, 1), 3.0, 0.1),
    Product("B200", 38_000, dt.date(2025, 1, 1), 2.0, 0.1),
    Product("A100", 12_000, dt.date(2020, 5, 1), 3.0, 0.6),
    Product("H800", 24_000, dt.date(2023, 3, 1), 0.2, 2.0),
    Product("A800", 11_000, dt.date(2022, 11, 1), 0.2, 2.0),
    Product("H20", 12_500, dt.date(2024, 2, 1), 0.5, 6.0),
    Product("L20", 6_500, dt.date(2024, 2, 1), 0.5, 1.5),
    Product("L40S", 8_500, dt.date(2023, 8, 1), 2.0, 0.5),
    Product("RTX 4090", 1_800, dt.date(2022, 10, 1), 1.5, 1.0),
    Product("RTX 4090 D", 1_700, dt.date(2024, 1, 1), 0.1, 1.0),
    Product("MI300X", 15_000, dt.date(2023, 12, 1), 1.5, 0.1),
    Product("Gaudi 3", 14_000, dt.date(2024, 9, 1), 0.8, 0.1),
)

CUSTOMERS: tuple[Customer, ...] = (
    Customer("Northwind Cloud Inc.", "US", "US", "datacenter", 8),
    Customer("Contoso AI Labs LLC", "US", "US", "datacenter", 5),
    Customer("Great Lakes Supercomputing Center", "US", "US", "supercomputer", 2),
    Customer("Rheinland Rechenzentrum GmbH", "DE", "DE", "datacenter", 3),
    Customer("Lumiere Calcul SAS", "FR", "FR", "datacenter", 2),
    Customer("Thames Compute Ltd", "GB", "GB", "datacenter", 3),
    Customer("Sakura Compute KK", "JP", "JP", "datacenter", 3),
    Customer("Hanbit AI Cloud Co., Ltd.", "KR", "KR", "datacenter", 2),
    Customer("Formosa Cloud Services", "TW", "TW", "datacenter", 2),
    Customer("Bharat Datacentres Pvt Ltd", "IN", "IN", "datacenter", 3),
    Customer("Gulf AI Cloud LLC", "AE", "AE", "datacenter", 3),
    Customer("Najd Compute Company", "SA", "SA", "datacenter", 2),
    Customer("Johor Hyperscale Sdn Bhd", "MY", "MY", "datacenter", 3),
    Customer("Lion City GPU Cloud Pte Ltd", "SG", "SG", "datacenter", 3),
    Customer("Saigon Render Farm JSC", "VN", "VN", "other", 1),
    Customer("Paulista Dados S.A.", "BR", "BR", "datacenter", 1),
    Customer("Hangzhou Lianxin Cloud Co., Ltd.", "CN", "CN", "datacenter", 6),
    Customer("Shenzhen Pengcheng Data Co., Ltd.", "CN", "CN", "datacenter", 5),
    Customer("Chengdu Tianfu Intelligent Computing Center", "CN", "CN", "supercomputer", 2),
    Customer("Kowloon Compute Limited", "HK", "HK", "datacenter", 2),
    Customer("Lianxin Cloud (Singapore) Pte. Ltd.", "SG", "CN", "datacenter", 3),
    Customer("Pengcheng Data Malaysia Sdn. Bhd.", "MY", "CN", "datacenter", 3),
    Customer("Tianfu AI Europe GmbH", "DE", "CN", "datacenter", 1),
    Customer("Huawei Technologies Co., Ltd.", "CN", "CN", "datacenter", 1),
    Customer("Inspur Group Co., Ltd.", "CN", "CN", "datacenter", 1),
    Customer("Beijing Academy of Artificial Intelligence", "CN", "CN", "datacenter", 0.5),
    Customer(
        "Semiconductor Manufacturing International Corporation", "CN", "CN", "advanced_ic_production", 0.5
    ),
)

START = dt.date(2022, 1, 3)
END = dt.date(2026, 12, 31)


EXPORTERS = {
    "NVIDIA": "NVIDIA Corporation",
    "AMD": "Advanced Micro Devices, Inc.",
    "Intel": "Intel Corporation",
}


def _exporter(product: Product) -> str:
    chip = load_catalog().get(product.name)
    return EXPORTERS.get(chip.vendor, chip.vendor)


def available_products() -> list[Product]:
    """The products of ``PRODUCTS`` that the bundled catalogue knows (the book adapts to the catalogue)."""
    catalog = load_catalog()
    return [product for product in PRODUCTS if catalog.find(product.name) is not None]


def generate_orders(rows: int, *, seed: int = 2025, bad_fraction: float = 0.0) -> pl.DataFrame:
    """An order book of ``rows`` lines with the columns the batch command reads."""
    rng = np.random.default_rng(seed)
    products = available_products()
    if not products:
        raise RuntimeError("the catalogue knows none of the sample products")
    customer_weights = np.array([c.weight for c in CUSTOMERS], dtype=float)
    customer_index = rng.choice(len(CUSTOMERS), size=rows, p=customer_weights / customer_weights.sum())
    china = np.array([c.china_linked for c in CUSTOMERS])[customer_index]
    world_p = np.array([p.weight_world for p in products], dtype=float)
    china_p = np.array([p.weight_china for p in products], dtype=float)
    product_index = np.where(
        china,
        rng.choice(len(products), size=rows, p=china_p / china_p.sum()),
        rng.choice(len(products), size=rows, p=world_p / world_p.sum()),
    )
    released = np.array([max(p.released, START).toordinal() for p in products])[product_index]
    end = END.toordinal()
    day = released + (rng.random(rows) * (end - released + 1)).astype(np.int64)
    epoch = dt.date(1970, 1, 1).toordinal()
    quantity = np.maximum(1, np.round(rng.lognormal(mean=3.0, sigma=1.3, size=rows))).astype(np.int64)
    price = np.array([p.unit_price_usd for p in products])[product_index]
    unit_value = np.round(price * rng.uniform(0.85, 1.15, size=rows), -1)
    names = pl.Series([p.name for p in products])
    customers = pl.DataFrame(
        {
            "end_user": [c.name for c in CUSTOMERS],
            "end_user_country": [c.country for c in CUSTOMERS],
            "end_user_headquarters": [c.headquarters for c in CUSTOMERS],
            "end_use": [c.end_use for c in CUSTOMERS],
        }
    )
    picked = customers[customer_index]
    frame = pl.DataFrame(
        {
            "item": names.gather(product_index),
            "exporter": pl.Series([_exporter(p) for p in products]).gather(product_index),
            "quantity": quantity,
            "unit_value_usd": unit_value,
            "destination": picked["end_user_country"],
            "end_user": picked["end_user"],
            "end_user_country": picked["end_user_country"],
            "end_user_headquarters": picked["end_user_headquarters"],
            "end_use": picked["end_use"],
            "ship_date": pl.Series(day - epoch, dtype=pl.Int32).cast(pl.Date),
        }
    )
    order_id = ("SO-" + pl.int_range(1, rows + 1, eager=True).cast(pl.String).str.zfill(8)).alias("order_id")
    frame = frame.with_columns(order_id).select("order_id", *frame.columns)
    if bad_fraction > 0 and rows:
        frame = _inject_bad_rows(frame, rng, bad_fraction)
    return frame


def _inject_bad_rows(frame: pl.DataFrame, rng: np.random.Generator, fraction: float) -> pl.DataFrame:
    """Turn about ``fraction`` of the rows into the kinds of bad rows real books contain."""
    kind = np.where(rng.random(frame.height) < fraction, rng.integers(1, 4, frame.height), 0)
    kinds = pl.Series("kind", kind)
    return (
        frame.with_columns(kinds)
        .with_columns(
            pl.when(pl.col("kind") == 1).then(pl.lit("Hopper X9000")).otherwise(pl.col("item")).alias("item"),
            pl.when(pl.col("kind") == 3).then(0).otherwise(pl.col("quantity")).alias("quantity"),
            pl.col("ship_date").cast(pl.String),
        )
        .with_columns(
            pl.when(pl.col("kind") == 2)
            .then(pl.lit("2025-02-30"))
            .otherwise(pl.col("ship_date"))
            .alias("ship_date"),
        )
        .drop("kind")
    )


def generate_inventory(*, seed: int = 2025) -> pl.DataFrame:
    """Units on hand per product and warehouse, with their unit cost."""
    rng = np.random.default_rng(seed + 1)
    rows = []
    for product in available_products():
        for location in ("Santa Clara, US", "Singapore, SG"):
            rows.append(
                {
                    "item": product.name,
                    "location": location,
                    "quantity_on_hand": int(rng.integers(50, 2000)),
                    "unit_cost_usd": round(product.unit_price_usd * 0.55, -1),
                }
            )
    return pl.DataFrame(rows)
