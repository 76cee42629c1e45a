"""CPU per document of one worker's shard pass, the smallest of several runs.

``bench/throughput.py`` gives the figures the scale issue asks for, end to end, but on a
shared machine its wall and CPU times swing by tens of percent from one run to the next.
To tell whether a change to the per-document work helps, this runs, in one process, what
a worker does for a shard (``run_batch``: process, observe for the corpus rules, encode)
and the template pre-pass over the same documents, ``--reps`` times each, with the
garbage collector set as a worker sets it (``validator.run.collector``), and prints the
smallest CPU time per document. Run it for two builds alternately (``PYTHONPATH=<tree>``)
and compare.

Usage: ``python bench/perdoc.py [--docs 2000] [--reps 9] [--corpus FILE.jsonl]``
(without ``--corpus``: 2,000 articles from ``bench/corpusgen.py``, seed 1).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--corpus", help="a JSONL file (default: generated)")
    args = ap.parse_args()

    import validator
    from validator.api import make_settings, read_options, template_pass
    from validator.boilerplate.templates import count_documents
    from validator.config import Config
    from validator.io.readers import iter_documents, materialise
    from validator.run.batch import run_batch

    try:
        from validator.run.collector import tuned as collector_settings
    except ImportError:  # a build from before the collector settings: CPython's defaults
        from contextlib import nullcontext as collector_settings

    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus:
            corpus = args.corpus
        else:
            import corpusgen

            corpus = str(corpusgen.generate(tmp, args.docs, per_file=args.docs, seed=1)[0])
        config = Config()
        options = read_options(config)
        items = list(itertools.islice(iter_documents([corpus], options, defer=True), args.docs))
        settings = make_settings(config, apply_fixes=True, today=None, templates=template_pass([corpus], config, jobs=1))
        docs = [(i, materialise(item, options)) for i, item in enumerate(items)]
        run_batch(docs[:50], settings)  # loads the language model and warms the caches
        main_pass = pre_pass = float("inf")
        with collector_settings():
            for _ in range(args.reps):
                started = time.process_time()
                run_batch(docs, settings)
                main_pass = min(main_pass, time.process_time() - started)
                started = time.process_time()
                count_documents(materialise(item, options) for item in items)
                pre_pass = min(pre_pass, time.process_time() - started)
    n = len(docs)
    print(f"validator at {Path(validator.__file__).parent.parent}: {n} documents, smallest of {args.reps} runs: "
          f"main pass {main_pass / n * 1e6:.1f} us per document, template pre-pass {pre_pass / n * 1e6:.1f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
