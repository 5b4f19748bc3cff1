"""Readers that turn list files (trade.gov CSV/JSON, the compact snapshot, OpenSanctions FtM) into ListEntry rows.

``read_list_bytes`` sniffs the format from the content, so ``lists update --from`` takes any of them. Every reader
validates the whole file and raises ListDataError (naming the line or record) instead of importing part of it.
"""

from chipcontrols.screening.readers.detect import ListFile, detect_format, read_list_bytes, read_list_path

__all__ = ["ListFile", "detect_format", "read_list_bytes", "read_list_path"]
