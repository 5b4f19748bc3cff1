"""Licence determination: does a shipment of advanced chips need a US export licence on a date, and why.

    from chipcontrols.licensing import determine, load_shipment_file
    result = determine(load_shipment_file("shipment.yaml"))
    print(result.outcome, [r["rule_id"] for r in result.reasons])
"""

from chipcontrols.licensing.determination import OUTCOMES, Determination, determine, h20_shipment_story
from chipcontrols.licensing.parties import PartyScreener
from chipcontrols.licensing.shipment import Item, Party, Shipment, load_shipment_file, shipment_from_mapping

__all__ = [
    "OUTCOMES",
    "Determination",
    "Item",
    "Party",
    "PartyScreener",
    "Shipment",
    "determine",
    "h20_shipment_story",
    "load_shipment_file",
    "shipment_from_mapping",
]
