"""A generator of realistic synthetic news articles for throughput measurements.

Each article is about 2.5 KB of English-like prose (a title line, a blank line, then
paragraphs), written from a fixed vocabulary with a seeded random generator, so the same
arguments always give the same corpus. Planted on purpose, at fixed rates:

- boilerplate: timestamp lines (BP102), wire datelines (BP103), bylines (BP104),
  trailing related-link lists (BP101) and copyright footers (BP105);
- encoding defects: control characters (EN104), U+FFFD replacement characters (EN103),
  decomposed accents (EN105, not NFC) and cp1252 mojibake (``cafÃ©``);
- exact duplicates (an earlier article again, with its whitespace changed) and near
  duplicates (an earlier article with a few words substituted).

Records are JSONL: ``{"id": ..., "text": ...}``; the title is the first line of ``text``,
so ``validator`` and datatrove read the very same field. Used by ``bench/throughput.py``
and by the tests of the runners (which import it from here).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = (
    "the be to of and a in that have it for not on with he as you do at this but his by from they we say her "
    "she or an will my one all would there their what so up out if about who get which go me when make can like "
    "time no just him know take people into year your good some could them see other than then now look only come "
    "its over think also back after use two how our work first well way even new want because any these give day "
    "most us government minister company market country said officials police city council report week month "
    "percent growth economy trade talks agreement election campaign voters party leader president spokesman "
    "security health hospital school students teachers prices energy water weather storm flood court judge "
    "investigation evidence statement figures analysts investors shares profits sales workers union strike "
    "football season match players coach club league final record album film festival audience critics "
    "technology software network users phone internet data research scientists study results project plan "
    "budget tax spending debt bank interest rates inflation exports imports border region province capital "
    "village residents families children officials agency committee members meeting summit visit relations"
).split()
NAMES = ("Smith", "Johnson", "Li", "Wang", "Garcia", "Müller", "Nakamura", "Okafor", "Dubois", "Rossi", "Kowalski", "Haddad")
FIRST = ("John", "Mary", "Wei", "Ana", "Peter", "Yuki", "Chidi", "Claire", "Marco", "Anna", "Omar", "Sarah")
PLACES = ("BEIJING", "LONDON", "PARIS", "NAIROBI", "TOKYO", "BERLIN", "CAIRO", "LIMA", "SYDNEY", "MOSCOW", "DELHI", "ROME")
AGENCIES = ("Xinhua", "Reuters", "AP", "AFP")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _sentence(rng: random.Random) -> str:
    n = rng.randint(9, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.4:
        words[rng.randrange(n)] = f"{rng.choice(FIRST)} {rng.choice(NAMES)}"
    if rng.random() < 0.2:
        words[rng.randrange(n)] = str(rng.randint(2, 2020))
    text = " ".join(words)
    if rng.random() < 0.15:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "," + text[cut:]
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def article(rng: random.Random, target: int = 2500) -> str:
    """One article: title, blank line, planted boilerplate and defects, paragraphs."""
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 9)))
    title = title[0].upper() + title[1:]
    head = [title, ""]
    month = rng.randrange(12)
    day = rng.randint(1, 28)
    year = rng.randint(2005, 2020)
    if rng.random() < 0.2:
        head += [f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}, {MONTHS[month]} {day:02d}, {year}", ""]
    if rng.random() < 0.1:
        head += [f"By {rng.choice(FIRST)} {rng.choice(NAMES)}", ""]
    paragraphs = []
    size = 0
    while size < target - 300:
        p = _paragraph(rng)
        paragraphs.append(p)
        size += len(p) + 2
    if rng.random() < 0.2:
        paragraphs[0] = f"{rng.choice(PLACES)}, {ABBR[month]} {day} ({rng.choice(AGENCIES)}) -- " + paragraphs[0]
    defect = rng.random()
    i = rng.randrange(len(paragraphs))
    if defect < 0.05:
        paragraphs[i] = paragraphs[i].replace(" ", " \x07", 1)
    elif defect < 0.08:
        paragraphs[i] = paragraphs[i].replace(" ", " \ufffd", 1)
    elif defect < 0.11:
        paragraphs[i] = paragraphs[i] + " The cafe\u0301 owners agreed."
    elif defect < 0.14:
        paragraphs[i] = paragraphs[i] + " The cafÃ© owners agreed."
    tail = []
    if rng.random() < 0.15:
        tail += ["", "Related:"] + [f"- {_sentence(rng)[:-1]}" for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.1:
        tail += ["", f"Copyright {year} {rng.choice(AGENCIES)}. All rights reserved."]
    return "\n".join(head) + "\n\n".join(paragraphs) + "\n" + "\n".join(tail) + ("\n" if tail else "")


def _near(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(3):
        j = rng.randrange(len(words))
        if words[j].isalpha():
            words[j] = rng.choice(WORDS)
    return " ".join(words)


def generate(out_dir: str | Path, n: int, *, per_file: int = 10_000, seed: int = 1,
             exact_rate: float = 0.03, near_rate: float = 0.03) -> list[Path]:
    """Write ``n`` articles as JSONL files of ``per_file`` records into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    recent: list[str] = []
    files = []
    fh = None
    for k in range(n):
        if k % per_file == 0:
            if fh:
                fh.close()
            path = out_dir / f"part-{k // per_file:05d}.jsonl"
            files.append(path)
            fh = path.open("w", encoding="utf-8", newline="\n")
        roll = rng.random()
        if recent and roll < exact_rate:
            text = rng.choice(recent).replace("\n\n", "\n\n\n", 1)
        elif recent and roll < exact_rate + near_rate:
            text = _near(rng, rng.choice(recent))
        else:
            text = article(rng)
            recent.append(text)
            if len(recent) > 500:
                recent.pop(rng.randrange(len(recent)))
        fh.write(json.dumps({"id": f"doc{k:08d}", "text": text}, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return files


if __name__ == "__main__":
    import sys

    generate(sys.argv[1], int(sys.argv[2]))
