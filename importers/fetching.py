"""Downloading the files authorities publish, with resume and a checksum.

A download goes to ``<name>.part`` first: an interrupted one resumes where it stopped (an HTTP
``Range`` request; a server that ignores it sends the whole file again). The finished file's SHA-256
is written beside it (``<name>.sha256``) and checked against the one given, if any: a file that
does not match is deleted. Only ``http`` and ``https`` addresses are fetched.

>>> file_name_of("https://www.data.gouv.fr/fr/datasets/r/0b3c?format=csv")
'0b3c'
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

from graph_service.errors import DownloadFailed, InvalidInput
from graph_service.progress import SILENT, Progress

CHUNK = 1024 * 1024
TIMEOUT_SECONDS = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name_of(url: str) -> str:
    """A safe local file name from an address's last path segment."""
    name = _UNSAFE.sub("_", unquote(Path(urlparse(url).path).name)).strip("._")
    return name[:150] or "download"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(url: str, folder: Path, *, sha256: str | None = None, progress: Progress = SILENT) -> Path:
    """The file at ``url`` in ``folder``, downloaded (or resumed) and checked."""
    if urlparse(url).scheme not in ("http", "https"):
        raise InvalidInput(f"{url}: only http and https addresses are fetched")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name_of(url)
    expected = sha256.lower() if sha256 else None
    if target.exists() and (expected is None or sha256_of(target) == expected):
        return target
    partial = target.with_name(target.name + ".part")
    done = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={done}-"} if done else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            resumed = done > 0 and answer.status == 206
            length = answer.headers.get("Content-Length")
            total = (int(length) + (done if resumed else 0)) if length else None
            with (
                partial.open("ab" if resumed else "wb") as sink,
                progress.task(target.name, total=total) as advance,
            ):
                if resumed:
                    advance(done)
                while chunk := answer.read(CHUNK):
                    sink.write(chunk)
                    advance(len(chunk))
    except urllib.error.HTTPError as error:
        raise InvalidInput(f"{url}: the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise DownloadFailed(
            f"{url}: cannot download ({error}); run the same command again to resume"
        ) from error
    partial.replace(target)
    found = sha256_of(target)
    if expected is not None and found != expected:
        target.unlink()
        raise InvalidInput(f"{target.name}: its SHA-256 is {found}, not the {expected} expected; deleted")
    target.with_name(target.name + ".sha256").write_text(f"{found}  {target.name}\n", encoding="utf-8")
    return target
