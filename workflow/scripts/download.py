"""Thin script: download one configured file and check its sha256 (rule download, config download: true)."""

import os
import urllib.request
from pathlib import Path

from virality import files as vfiles

log = vfiles.setup_logging(snakemake.log[0])
url, expected = snakemake.params.url, snakemake.params.sha256
out = Path(snakemake.output[0])
if not url:
    raise vfiles.DataError(f"{out}: no url configured for this file; cannot download it")
out.parent.mkdir(parents=True, exist_ok=True)
tmp = out.with_name(f".{out.name}.part")
log.info("downloading %s -> %s", url, out)
urllib.request.urlretrieve(url, tmp)
try:
    vfiles.verify_sha256(tmp, expected)
except vfiles.DataError:
    tmp.unlink(missing_ok=True)
    raise
os.replace(tmp, out)
log.info("ok: %s", vfiles.sha256_file(out))
