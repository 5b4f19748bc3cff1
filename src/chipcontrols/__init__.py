"""chipcontrols: the US export-control rules on advanced AI chips as executable, auditable code.

The public API is re-exported here; see the README for examples.
"""

from chipcontrols.version import __version__

__all__ = ["__version__"]
