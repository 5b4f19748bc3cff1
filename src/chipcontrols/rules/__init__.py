"""The regulation as dated, cited data (YAML in ``rules/data``) and its loader."""

from chipcontrols.rules.loader import RulePack, build_rule_pack, load_rules
from chipcontrols.rules.schema import EccnFamily, EccnVersion, Instrument

__all__ = ["EccnFamily", "EccnVersion", "Instrument", "RulePack", "build_rule_pack", "load_rules"]
