"""Throughput of ``validator clean`` against a datatrove pipeline, on the same files.

Generates a corpus of N synthetic news articles (``bench/corpusgen.py``: about 2.5 KB
each, with planted boilerplate, encoding defects, exact and near duplicates) as JSONL
files of 10,000 records, then runs, one after the other in the same invocation:

- ``validator clean CORPUS --jobs J``: every default rule (structure, encoding,
  boilerplate, exact, near and partial duplicates), cleaned JSONL + rejected JSONL + reports;
- a datatrove pipeline doing the comparable work with J workers: JsonlReader ->
  GopherQualityFilter -> C4QualityFilter -> JsonlWriter -> MinhashDedupSignature, then
  MinhashDedupBuckets, MinhashDedupCluster, and JsonlReader -> MinhashDedupFilter ->
  JsonlWriter (datatrove's documented four-stage MinHash deduplication).

On a shared machine both tools' speed drifts over the minutes a run takes (the same
build's wall time has varied by a third between runs), and datatrove's long run averages
over the drift where validator's short one catches a single moment. So, unless
``--validator-after 0``, validator runs again after datatrove (its outputs must be
byte-identical to the first run's), and the ratio is given for each validator run and
for their mean time: the mean brackets datatrove's run.

For each it prints wall time, documents per second, MB per second (input JSONL bytes)
and peak memory (the summed PSS of the whole process tree, sampled every 0.5 s), then
the ratios, and writes them to ``reports/benchmarks.md`` with the machine, versions,
load average and command. ``--scale 100000,1000000`` runs validator alone at several
sizes to compare the time per document and the peak memory.

    pip install -r bench/requirements.txt        # datatrove and what its filters need
    python bench/throughput.py --docs 100000 --jobs 2
    python bench/throughput.py --scale 100000,1000000 --skip-datatrove --jobs 2

``--jobs-compare`` also runs ``--jobs 1`` against ``--jobs J`` in ``--compare-rounds``
alternated pairs (3 by default; the machine's drift over minutes can swing one pair
either way) and gives the speed-up per pair and from the median times; every run's
outputs must be byte-identical.

``--profile`` also writes a cProfile of ``validator clean --jobs 1`` on the first
20,000 documents and prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpusgen  # noqa: E402

PER_FILE = 10_000


# --- measuring ----------------------------------------------------------------------------

def _memory(pid: int, page: int, fallback: int) -> int:
    """Proportional set size (shared pages split between the processes sharing them, so
    forked workers are not counted twice); resident size where PSS is not available."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return fallback * page


def _tree(root: int, memory: bool = True) -> tuple[int, dict[int, int]]:
    """Summed memory (PSS, bytes; 0 without ``memory``) of ``root`` and all its
    descendants, and the CPU clock ticks (user + system) each of them has used so far
    (Linux /proc)."""
    parents: dict[int, int] = {}
    stats: dict[int, tuple[int, int]] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry)] = int(fields[1])
            stats[int(entry)] = (int(fields[21]), int(fields[11]) + int(fields[12]))
        except (OSError, ValueError, IndexError):
            continue
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, ticks, todo, seen = 0, {}, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        if pid in stats:
            total += _memory(pid, page, stats[pid][0]) if memory else 0
            ticks[pid] = stats[pid][1]
        todo.extend(children.get(pid, []))
    return total, ticks


#: Seconds between two samples of a run's memory. Reading a process's PSS
#: (``/proc/PID/smaps_rollup``) walks its page tables under its memory lock: about 16 ms
#: for a three-process tree of 400 MB, measured. Every 0.2 s (this script's first
#: setting) that took about 8% of a core from the measured run; every 0.5 s it takes
#: about 3%. Memory peaks last seconds (the duplicate decisions), so 0.5 s still finds
#: them. CPU ticks (``/proc/PID/stat``, cheap) are still read every 0.2 s.
SAMPLE_EVERY = 0.5
TICKS_EVERY = 0.2


def run_measured(cmd: list[str], env: dict | None = None, log: Path | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak tree memory (PSS, sampled), CPU seconds of the
    whole tree, exit code. CPU is the larger of two counts: ``wait4``'s (exact for every
    descendant the command waited for, such as pool workers) and the sum of the last
    ``/proc`` ticks sampled of each process of the tree (which also sees processes the
    command did not wait for, but may miss a process's last 0.2 s)."""
    started = time.perf_counter()
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    peak = 0
    cpu: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        last_memory = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            with_memory = now - last_memory >= SAMPLE_EVERY
            memory, ticks = _tree(proc.pid, memory=with_memory)
            if with_memory:
                peak, last_memory = max(peak, memory), now
            for pid, t in ticks.items():
                cpu[pid] = max(cpu.get(pid, 0), t)
            stop.wait(TICKS_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = rc = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    if log:
        out.close()
    sampled = sum(cpu.values()) / os.sysconf("SC_CLK_TCK")
    return {"wall": wall, "peak_mb": peak / 1e6, "rc": rc, "cpu": max(usage.ru_utime + usage.ru_stime, sampled)}


# --- the two tools ------------------------------------------------------------------------

def validator_cmd(corpus: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "validator", "clean", str(corpus), "--glob", "*.jsonl", "--out", str(out / "clean.jsonl"),
            "--report-dir", str(out / "report"), "--jobs", str(jobs), "--quiet"]


def run_validator(corpus: Path, out: Path, jobs: int, log: Path) -> dict | None:
    """One measured ``validator clean`` run; None (its log printed) when it failed."""
    m = run_measured(validator_cmd(corpus, out, jobs), log=log)
    if m["rc"] != 0:
        print(log.read_text(), file=sys.stderr)
        return None
    return m


def same_outputs(a: Path, b: Path) -> bool:
    """Whether two runs wrote byte-identical cleaned and rejected records and reports."""
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in ("clean.jsonl", "clean.rejected.jsonl", "report/report.json"))


def compare_jobs(corpus: Path, out: Path, work: Path, jobs: int, rounds: int, first: dict) -> list[tuple[dict, dict]] | None:
    """``rounds`` pairs of runs, ``--jobs N`` then ``--jobs 1``, alternated (the first
    ``--jobs N`` run is ``first``, already made): on a shared machine whose speed drifts
    by 10 to 30% over minutes, one pair can land on either side of a drift, and
    alternating several gives each setting the same share of fast and slow minutes.
    Every run's outputs must be byte-identical to ``out``'s; None when they are not."""
    pairs = []
    for k in range(rounds):
        mj = first
        if k:
            again = work / "validator-jobs-compare"
            shutil.rmtree(again, ignore_errors=True)
            mj = run_measured(validator_cmd(corpus, again, jobs))
            if mj["rc"] != 0 or not same_outputs(out, again):
                print(f"--jobs {jobs} run {k + 1}: failed or outputs differ", file=sys.stderr)
                return None
            shutil.rmtree(again, ignore_errors=True)
        one = work / "validator-jobs-1"
        shutil.rmtree(one, ignore_errors=True)
        m1 = run_measured(validator_cmd(corpus, one, 1))
        if m1["rc"] != 0 or not same_outputs(out, one):
            print(f"--jobs 1 run {k + 1}: failed or outputs differ from --jobs {jobs}", file=sys.stderr)
            return None
        shutil.rmtree(one, ignore_errors=True)
        pairs.append((mj, m1))
        print(f"jobs comparison {k + 1}: --jobs 1 {m1['wall']:.1f}s, --jobs {jobs} {mj['wall']:.1f}s: "
              f"{m1['wall'] / mj['wall']:.2f}x", flush=True)
    return pairs


def jobs_summary(pairs: list[tuple[dict, dict]], jobs: int, n: int) -> str:
    """The speed-up of ``--jobs N`` over ``--jobs 1``: per pair, the median of the pairs'
    speed-ups, and the speed-up from the median times."""
    import statistics

    each = ", ".join(f"{m1['wall'] / mj['wall']:.2f}x" for mj, m1 in pairs)
    med_j = statistics.median(mj["wall"] for mj, _ in pairs)
    med_1 = statistics.median(m1["wall"] for _, m1 in pairs)
    med_pair = statistics.median(m1["wall"] / mj["wall"] for mj, m1 in pairs)
    return (f"`--jobs 1` vs `--jobs {jobs}` on {n} articles, {len(pairs)} alternated pair(s): speed-up {each} per pair "
            f"(median {med_pair:.2f}x); median times {med_1:.1f} s vs {med_j:.1f} s, speed-up {med_1 / med_j:.2f}x; "
            f"outputs byte-identical in every run: True.")


def datatrove_pipeline(corpus: str, out: str, jobs: int, tasks: int) -> None:
    """The datatrove side (runs in a child process: ``--datatrove-only``)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (
        MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature,
    )
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()
    o = Path(out)
    common = {"workers": jobs, "skip_completed": False}
    stage1 = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(corpus, glob_pattern="*.jsonl"),
            GopherQualityFilter(),
            C4QualityFilter(),
            JsonlWriter(str(o / "filtered")),
            MinhashDedupSignature(output_folder=str(o / "signatures"), config=config),
        ],
        tasks=tasks, logging_dir=str(o / "logs/1"), **common,
    )
    stage2 = LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(input_folder=str(o / "signatures"), output_folder=str(o / "buckets"), config=config)],
        tasks=config.num_buckets, logging_dir=str(o / "logs/2"), depends=stage1, **common,
    )
    stage3 = LocalPipelineExecutor(
        pipeline=[MinhashDedupCluster(input_folder=str(o / "buckets"), output_folder=str(o / "remove_ids"), config=config)],
        tasks=1, logging_dir=str(o / "logs/3"), depends=stage2, **common,
    )
    stage4 = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(o / "filtered")),
            MinhashDedupFilter(input_folder=str(o / "remove_ids")),
            JsonlWriter(str(o / "deduplicated")),
        ],
        tasks=tasks, logging_dir=str(o / "logs/4"), depends=stage3, **common,
    )
    stage4.run()


def _count_lines(folder: Path, pattern: str) -> int:
    import gzip

    n = 0
    for p in folder.rglob(pattern):
        opener = gzip.open if p.name.endswith(".gz") else open
        with opener(p, "rb") as fh:
            n += sum(1 for _ in fh)
    return n


# --- report -------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1e6:.0f} GB"
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": cores, "memory": mem, "os": platform.platform(), "python": platform.python_version()}


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("validator", "pydantic", "chardet", "datatrove", "spacy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def table(rows: list[list], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--workdir", default="/tmp/validator-throughput")
    ap.add_argument("--skip-datatrove", action="store_true")
    ap.add_argument("--scale", help="comma-separated corpus sizes: validator alone at each size")
    ap.add_argument("--jobs-compare", action="store_true", help="also run validator with --jobs 1 and compare outputs")
    ap.add_argument("--compare-rounds", type=int, default=3,
                    help="alternated --jobs N / --jobs 1 pairs for --jobs-compare (the speed-up is given per pair and from the medians)")
    ap.add_argument("--validator-after", type=int, default=1, metavar="K",
                    help="run validator K more times after datatrove (default 1; ratios for each run and their mean)")
    ap.add_argument("--profile", action="store_true", help="cProfile of validator --jobs 1 on 20,000 documents")
    ap.add_argument("--report", default=str(ROOT / "reports" / "benchmarks.md"))
    ap.add_argument("--append", action="store_true", help="add this run to the report instead of replacing it")
    ap.add_argument("--datatrove-only", nargs=4, metavar=("CORPUS", "OUT", "JOBS", "TASKS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.datatrove_only:
        corpus, out, jobs, tasks = args.datatrove_only
        datatrove_pipeline(corpus, out, int(jobs), int(tasks))
        return 0

    work = Path(args.workdir)
    load_before = os.getloadavg()
    sizes = [int(s) for s in args.scale.split(",")] if args.scale else [args.docs]
    results: list[dict] = []
    sections: list[str] = []
    for n in sizes:
        corpus = work / f"corpus-{n}"
        marker = corpus / "done.json"
        if not marker.is_file():
            shutil.rmtree(corpus, ignore_errors=True)
            t = time.perf_counter()
            corpusgen.generate(corpus, n, per_file=PER_FILE, seed=1)
            marker.write_text(json.dumps({"docs": n}))
            print(f"generated {n} articles in {time.perf_counter() - t:.0f}s -> {corpus}", flush=True)
        mb = sum(p.stat().st_size for p in corpus.glob("*.jsonl")) / 1e6
        out = work / f"validator-{n}"
        shutil.rmtree(out, ignore_errors=True)
        m = run_validator(corpus, out, args.jobs, work / f"validator-{n}.log")
        if m is None:
            return 1
        totals = json.loads((out / "report" / "report.json").read_text())["totals"]
        results.append({"tool": f"validator clean --jobs {args.jobs}", "docs": n, "mb": mb, **m, "kept": totals["kept"] + totals["fixed"]})
        print(f"validator: {n} docs in {m['wall']:.1f}s = {n / m['wall']:.0f} docs/s, peak {m['peak_mb']:.0f} MB", flush=True)
        if args.jobs_compare and args.jobs != 1:
            pairs = compare_jobs(corpus, out, work, args.jobs, args.compare_rounds, m)
            if pairs is None:
                return 1
            for k, (mj, m1) in enumerate(pairs, start=1):
                for jobs, run in ((args.jobs, mj), (1, m1)):
                    same_run = " (the first run above)" if k == 1 and jobs != 1 else ""
                    results.append({"tool": f"jobs comparison {k}: validator clean --jobs {jobs}{same_run}", "docs": n, "mb": mb,
                                    **run, "kept": totals["kept"] + totals["fixed"]})
            sections.append(jobs_summary(pairs, args.jobs, n))
            print(sections[-1], flush=True)
        if args.skip_datatrove or not args.validator_after:
            shutil.rmtree(out, ignore_errors=True)
        if not args.skip_datatrove:
            dout = work / f"datatrove-{n}"
            shutil.rmtree(dout, ignore_errors=True)
            tasks = max(1, len(list(corpus.glob("*.jsonl"))))
            cmd = [sys.executable, __file__, "--datatrove-only", str(corpus), str(dout), str(args.jobs), str(tasks)]
            d = run_measured(cmd, log=work / f"datatrove-{n}.log")
            if d["rc"] != 0:
                print((work / f"datatrove-{n}.log").read_text()[-3000:], file=sys.stderr)
                return 1
            kept = _count_lines(dout / "deduplicated", "*.jsonl.gz")
            results.append({"tool": f"datatrove (Gopher + C4 + MinHash), {args.jobs} workers", "docs": n, "mb": mb, **d, "kept": kept})
            print(f"datatrove: {n} docs in {d['wall']:.1f}s = {n / d['wall']:.0f} docs/s, peak {d['peak_mb']:.0f} MB", flush=True)
            shutil.rmtree(dout, ignore_errors=True)
            for k in range(1, args.validator_after + 1):
                again = work / f"validator-{n}-after"
                shutil.rmtree(again, ignore_errors=True)
                ma = run_validator(corpus, again, args.jobs, work / f"validator-{n}-after.log")
                if ma is None:
                    return 1
                same = same_outputs(out, again)
                if not same:
                    print("validator's outputs differ between two runs on the same input", file=sys.stderr)
                    return 1
                results.append({"tool": f"validator clean --jobs {args.jobs}, after datatrove ({k})", "docs": n, "mb": mb,
                                **ma, "kept": totals["kept"] + totals["fixed"]})
                print(f"validator after datatrove: {n} docs in {ma['wall']:.1f}s = {n / ma['wall']:.0f} docs/s, "
                      f"outputs byte-identical to the first run: {same}", flush=True)
                shutil.rmtree(again, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)

    if args.profile:
        sections.append(profile(work, sizes[0]))

    load_after = os.getloadavg()
    rows = [[r["tool"], r["docs"], f"{r['mb']:.0f}", f"{r['wall']:.1f}", f"{r['cpu']:.0f}", f"{r['docs'] / r['wall']:.0f}",
             f"{r['docs'] / max(r['cpu'], 1e-9):.0f}",
             f"{r['mb'] / r['wall']:.2f}", f"{r['peak_mb']:.0f}", r["kept"]] for r in results]
    head = ["run", "documents", "input MB", "wall s", "CPU s", "docs/s", "docs per CPU s", "MB/s", "peak memory MB", "documents kept"]
    print()
    print(table(rows, head))
    ratios = []
    main_tool = f"validator clean --jobs {args.jobs}"
    for n in sizes:
        runs = [r for r in results if r["docs"] == n and r["tool"].startswith(main_tool)]
        d = next((r for r in results if r["docs"] == n and r["tool"].startswith("datatrove")), None)
        if runs and d:
            v = runs[0]
            ratios.append(f"On {n} articles validator processed {d['wall'] / v['wall']:.1f}x as many documents per second "
                          f"as datatrove ({d['cpu'] / max(v['cpu'], 1e-9):.1f}x as many per CPU second, the fairer figure "
                          f"on a shared machine), with {v['peak_mb']:.0f} MB peak memory against {d['peak_mb']:.0f} MB ({v['peak_mb'] / max(d['peak_mb'], 1):.2f}x).")
            if len(runs) > 1:
                wall = sum(r["wall"] for r in runs) / len(runs)
                cpu = sum(r["cpu"] for r in runs) / len(runs)
                each = ", ".join(f"{d['wall'] / r['wall']:.1f}x" for r in runs)
                ratios.append(f"validator's {len(runs)} runs on {n} articles, before and after datatrove: {each} datatrove's "
                              f"documents per second; their mean time ({wall:.1f} s, {cpu:.0f} CPU s) gives "
                              f"{d['wall'] / wall:.1f}x ({d['cpu'] / max(cpu, 1e-9):.1f}x per CPU second).")
    if len(sizes) > 1:
        per = [(r["docs"], r["wall"] / r["docs"] * 1e6, r["peak_mb"]) for r in results if r["tool"] == main_tool]
        base = per[0][1]
        ratios += [f"{n} articles: {us:.0f} µs per document ({(us / base - 1) * 100:+.0f}% vs {per[0][0]}), peak {pk:.0f} MB." for n, us, pk in per]
    for line in ratios:
        print(line)
    for line in sections:
        print(line)
    write_report(Path(args.report), machine(), versions(), head, rows, ratios, sections, load_before, load_after,
                 append=args.append)
    return 0


def profile(work: Path, n: int) -> str:
    """cProfile of the in-process run on 20,000 documents: the top functions by own time."""
    import cProfile
    import io
    import pstats

    import validator

    corpus = work / f"corpus-{n}"
    first = sorted(corpus.glob("*.jsonl"))[:2]
    out = work / "profile"
    shutil.rmtree(out, ignore_errors=True)
    prof = cProfile.Profile()
    prof.enable()
    validator.clean([str(p) for p in first], out / "clean.jsonl", jobs=1)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
    text = buf.getvalue()
    print(text)
    body = "\n".join(line for line in text.splitlines() if line.strip())
    return f"cProfile of `validator.clean(..., jobs=1)` on {len(first) * PER_FILE} documents (top 15 by own time):\n\n```\n{body}\n```"


def write_report(path: Path, mach: dict, vers: dict, head, rows, ratios, sections, load_before, load_after,
                 append: bool = False) -> None:
    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(__file__, ROOT)] + sys.argv[1:])
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = [
        "# Throughput: validator vs datatrove",
        "",
        f"## Run of {stamp}",
        "",
        f"Command: `{command}` (from the repository root). Corpus: `bench/corpusgen.py` (seed 1), JSONL files of "
        f"{PER_FILE} articles of about 2.5 KB with planted boilerplate, encoding defects, exact and near duplicates.",
        "",
        f"Machine: {mach['cpu']}, {mach['cores']} cores available, {mach['memory']} RAM, {mach['os']}, Python {mach['python']}. "
        f"Load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f} (the machine is shared; other work "
        "running at the same time slows both tools).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
        "",
        "validator: `validator clean` with every default rule (structure, encoding and text hygiene with language "
        "identification, boilerplate with template lines, exact / near / partial / paragraph / title duplicates), "
        "writing cleaned + rejected JSONL, the three reports and clusters.jsonl. "
        "datatrove: JsonlReader -> GopherQualityFilter -> C4QualityFilter -> JsonlWriter -> MinhashDedupSignature; "
        "MinhashDedupBuckets; MinhashDedupCluster; JsonlReader -> MinhashDedupFilter -> JsonlWriter. Peak memory is the "
        "summed PSS (RSS with shared pages split between processes) of each tool's whole process tree; CPU s is the "
        "user + system time of all its processes (wait4, or /proc sampled every 0.2 s where that sees more; memory sampled every 0.5 s).",
        "",
        table(rows, head),
        "",
    ]
    text += [f"- {line}" for line in ratios]
    text += [""] + [s + "\n" for s in sections]
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(text).rstrip() + "\n"
    if append and path.is_file():
        body = path.read_text(encoding="utf-8").rstrip() + "\n\n" + body.split("\n", 2)[2]
    path.write_text(body, encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
