"""Chip catalogue and chip specifications (datasheet figures with sources)."""

from chipcontrols.catalog.catalog import Catalog, CatalogChip, Figure, Source, load_catalog, normalise_chip_name
from chipcontrols.catalog.spec import (
    MARKETS,
    PRECISIONS,
    ChipSpec,
    ProcessingUnit,
    load_spec_file,
    spec_from_mapping,
)

__all__ = [
    "MARKETS",
    "PRECISIONS",
    "Catalog",
    "CatalogChip",
    "ChipSpec",
    "Figure",
    "ProcessingUnit",
    "Source",
    "load_catalog",
    "load_spec_file",
    "normalise_chip_name",
    "spec_from_mapping",
]
