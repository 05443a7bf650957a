"""Compile every .po file under hearth/ into its .mo (pure Python, no GNU gettext needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "hearth"


def main() -> int:
    count = 0
    for po_path in sorted(ROOT.rglob("*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    print(f"compiled {count} message catalogues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
