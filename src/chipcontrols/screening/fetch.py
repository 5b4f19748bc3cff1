"""Downloading a list file over HTTP(S) with the standard library, with errors a compliance officer can act on."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

from chipcontrols.errors import ListDataError

__all__ = ["OFFICIAL_CSL_URLS", "fetch_url", "is_url"]

OFFICIAL_CSL_URLS: dict[str, str] = {
    "csv": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
    "json": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
}
MAX_BYTES = 512 * 1024 * 1024


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch_url(url: str, timeout: float = 60.0) -> tuple[bytes, str]:
    """(body, Last-Modified header or "") of a GET; a failed or short download raises ListDataError."""
    request = urllib.request.Request(url, headers={"User-Agent": "chipcontrols list update"})
    unchanged = "The active snapshot is unchanged."
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by is_url
            body = response.read(MAX_BYTES + 1)
            last_modified = response.headers.get("Last-Modified", "") or ""
            expected = response.headers.get("Content-Length")
    except urllib.error.HTTPError as error:
        raise ListDataError(f"Download of {url} failed: HTTP {error.code} {error.reason}. {unchanged}") from None
    except urllib.error.URLError as error:
        raise ListDataError(
            f"Cannot reach {url}: {error.reason}. Check the network or download the file and use "
            f"`chipcontrols lists update --from FILE`. {unchanged}"
        ) from None
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise ListDataError(f"Download of {url} failed or was cut short: {error}. {unchanged}") from None
    if len(body) > MAX_BYTES:
        raise ListDataError(f"Download of {url} is larger than {MAX_BYTES // 2**20} MB; refused. {unchanged}")
    if expected is not None and expected.isdigit() and int(expected) != len(body):
        raise ListDataError(
            f"Download of {url} is incomplete ({len(body)} of {expected} bytes). {unchanged}"
        )
    return body, last_modified
