"""chipcontrols: the US export-control rules on advanced AI chips as executable, auditable code.

The public API, imported lazily so that `import chipcontrols` stays cheap:

    classify(item, as_of)        ECCN of a chip under the rules in force on a date   (chipcontrols.classification)
    determine(shipment)          may this shipment go without a licence, and why     (chipcontrols.licensing)
    screen(name, country)        restricted-party screening hits                     (chipcontrols.screening)
    load_catalog() / load_rules()  the bundled chip catalogue and rule pack
"""

from __future__ import annotations

import importlib
from typing import Any

from chipcontrols.version import __version__

_LAZY = {
    "classify": "chipcontrols.classification",
    "classification_history": "chipcontrols.classification",
    "determine": "chipcontrols.licensing",
    "Shipment": "chipcontrols.licensing",
    "screen": "chipcontrols.screening",
    "load_catalog": "chipcontrols.catalog",
    "load_rules": "chipcontrols.rules",
}

__all__ = sorted(["__version__", *_LAZY])


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'chipcontrols' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
