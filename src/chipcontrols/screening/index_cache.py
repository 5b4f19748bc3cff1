"""On-disk cache of built candidate indexes, keyed by snapshot content hash and matcher version.

Building the index for the full list takes seconds; loading a pickle of it is faster, which matters for the
command line and for tests. The cache lives under ``data_dir()/cache/``; a damaged or stale file is ignored and
rebuilt. Only files this process wrote there are read (the folder is the user's own data directory).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chipcontrols.screening.index import CandidateIndex
from chipcontrols.screening.matcher import MATCHER_VERSION
from chipcontrols.screening.model import ListSnapshot
from chipcontrols.screening.store import atomic_write_bytes
from chipcontrols.settings import data_dir

__all__ = ["gc_paused", "index_cache_path", "load_or_build_index"]

CACHE_FORMAT = 1


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while creating millions of small objects that never form cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The modules whose code decides what goes into the index: a change to any of them invalidates cached indexes even
# if the matcher version was (wrongly) not bumped.
_CODE_MODULES = ("index", "normalise", "han", "vocabulary", "matcher", "model")


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for name in _CODE_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()[:12]


def index_cache_path(snapshot: ListSnapshot) -> Path:
    name = f"index-{MATCHER_VERSION}-{CACHE_FORMAT}-{_code_fingerprint()}-{snapshot.content_hash[:24]}.pickle"
    return data_dir() / "cache" / name


def load_or_build_index(snapshot: ListSnapshot) -> CandidateIndex:
    if os.environ.get("CHIPCONTROLS_INDEX_CACHE", "1") == "0":
        with gc_paused():
            return CandidateIndex.build(snapshot.entries)
    path = index_cache_path(snapshot)
    if path.is_file():
        try:
            with path.open("rb") as handle, gc_paused():
                payload = pickle.load(handle)  # noqa: S301 - our own cache file in the user's data directory
            if payload.get("hash") == snapshot.content_hash and payload.get("matcher") == MATCHER_VERSION:
                index: CandidateIndex = payload["index"]
                index.entries = snapshot.entries
                return index
        except Exception:  # noqa: BLE001 - any damage means: rebuild
            pass
    with gc_paused():
        index = CandidateIndex.build(snapshot.entries)
    entries = index.entries
    try:
        index.entries = ()
        data = pickle.dumps(
            {"hash": snapshot.content_hash, "matcher": MATCHER_VERSION, "index": index},
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        atomic_write_bytes(path, data)
    except OSError:
        pass
    finally:
        index.entries = entries
    return index
