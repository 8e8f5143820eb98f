"""Each reliability test shown to catch a deliberately broken build.

    python -m tests.reliability.broken_builds            # every broken build
    python -m tests.reliability.broken_builds sigkill    # some of them, by name
    python -m tests.reliability.broken_builds --list     # names, tests and what each breaks
    python -m tests.reliability.broken_builds --check    # only check that every patch applies
    python -m tests.reliability.broken_builds --repeat 3 sigkill  # caught only if 3 of 3 fail

For each broken build: the tracked files of this checkout (as they are on disk, uncommitted
edits included) are copied into a temporary directory twice; one copy is left as it is, the
other gets the build's patch, a few exact text replacements that break exactly what the test
guards. The test runs in both (its own pytest, its own PostgreSQL cluster). "caught" means it
passed on the unbroken copy and failed on the broken one. A patch whose text is no longer in the
tree (a refactor moved it) stops the demo with an error naming it, so the demo never passes by
patching nothing; tests/reliability/test_broken_builds.py checks that every patch still applies.

Not part of `make test`: each run starts servers and clusters (about ten minutes for all)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class Patch:
    """Replace old by new in path (relative to the tree), where old occurs exactly once."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class BrokenBuild:
    name: str
    test: str  # a pytest node id
    breaks: str
    patches: tuple[Patch, ...]


class PatchDoesNotApply(Exception):
    pass


BUILDS: tuple[BrokenBuild, ...] = (
    BrokenBuild(
        "sigkill",
        "tests/reliability/test_sigkill.py",
        "a transfer's units move in one transaction and its ledger entry is written in the next",
        (
            Patch(
                "backend/services/credits/transfers.py",
                "    start, end = moved_range(block, moved)\n    seq = await ledger.append(\n",
                "    start, end = moved_range(block, moved)\n"
                '    await connection.execute_script("COMMIT; BEGIN")  # BROKEN: two transactions\n'
                "    seq = await ledger.append(\n",
            ),
        ),
    ),
    BrokenBuild(
        "database-restart",
        "tests/reliability/test_database_restart.py",
        "is_outage() always answers False, so a lost database is an unexpected error (500)",
        (
            Patch(
                "backend/outage.py",
                "    seen: set[int] = set()\n",
                "    return False  # BROKEN: no error is an outage\n    seen: set[int] = set()\n",
            ),
        ),
    ),
    BrokenBuild(
        "object-store-down",
        "tests/reliability/test_object_store_down.py",
        "the Document row is written before the upload to the store, and kept when it fails",
        (
            Patch(
                "backend/services/documents.py",
                "    try:\n        stored = await current.store.put(",
                "    early = await Document.create(  # BROKEN: the row before the upload\n"
                "        kind=kind, status=DocumentStatus.PENDING, storage_key=key, sha256='',\n"
                "        size=0, media_type='', filename=name,\n"
                "        organisation_id=principal.organisation_id,\n"
                "        uploaded_by_id=principal.user_id,\n"
                "    )\n"
                "    try:\n        stored = await current.store.put(",
            ),
            Patch(
                "backend/services/documents.py",
                "            document = await Document.create(\n"
                "                using_db=connection,\n",
                "            await early.delete(using_db=connection)  # BROKEN: replaced once stored\n"
                "            document = await Document.create(\n"
                "                using_db=connection,\n",
            ),
        ),
    ),
    BrokenBuild(
        "contention",
        "tests/reliability/test_contention.py",
        "locked_block() reads the block without SELECT ... FOR UPDATE",
        (
            Patch(
                "backend/services/credits/blocks.py",
                "    return await locked(connection, CreditBlock, block_id)\n",
                "    return await CreditBlock.get(id=block_id, using_db=connection)  # BROKEN\n",
            ),
        ),
    ),
    BrokenBuild(
        "sign-in-on-loop",
        "tests/reliability/test_sign_in.py::test_hashing_runs_off_the_event_loop",
        "argon2 runs on the event loop instead of the hashing thread pool",
        (
            Patch(
                "backend/services/passwords.py",
                "        return await loop.run_in_executor(_pool, work, *args)\n",
                "        return work(*args)  # BROKEN: on the event loop\n",
            ),
        ),
    ),
    BrokenBuild(
        "sign-in-unbounded",
        "tests/reliability/test_sign_in.py"
        "::test_a_saturated_hashing_pool_refuses_instead_of_queueing_without_bound",
        "sign-ins queue for the hashing pool without bound (never TOO_MANY_REQUESTS)",
        (
            Patch(
                "backend/services/passwords.py",
                "    if _waiting >= MAX_WAITING + HASH_THREADS:\n",
                "    if False:  # BROKEN: no bound\n",
            ),
        ),
    ),
    BrokenBuild(
        "sign-in-lockout",
        "tests/reliability/test_sign_in.py"
        "::test_repeated_failures_answer_429_with_retry_after_but_lock_nobody_out",
        "an account's failures throttle it from every address (an attacker locks the owner out)",
        (
            Patch(
                "backend/services/throttling.py",
                'self.pair.wait(f"{account}\\0{address}", now)',
                "self.pair.wait(account, now)",  # BROKEN: keyed by the account alone
            ),
            Patch(
                "backend/services/throttling.py",
                'self.pair.spend(f"{account}\\0{address}", now)',
                "self.pair.spend(account, now)",
            ),
        ),
    ),
    BrokenBuild(
        "workers",
        "tests/reliability/test_workers.py"
        "::test_two_workers_one_signer_and_a_takeover_when_it_is_killed",
        "the checkpoint signer runs in every worker (the installation lock always granted)",
        (
            Patch(
                "backend/singleton.py",
                '    """The lock named name for the installation whose database is database_url."""\n',
                '    """The lock named name for the installation whose database is database_url."""\n'
                "    return ProcessLock()  # BROKEN: every process holds it\n",
            ),
        ),
    ),
)


def apply(tree: Path, build: BrokenBuild) -> None:
    """Apply build's patches to the files under tree. Raises PatchDoesNotApply."""
    for patch in build.patches:
        path = tree / patch.path
        if not path.is_file():
            raise PatchDoesNotApply(f"{build.name}: {patch.path} does not exist")
        text = path.read_text()
        found = text.count(patch.old)
        if found != 1:
            raise PatchDoesNotApply(
                f"{build.name}: the text to replace occurs {found} times in {patch.path}"
                f" (expected once):\n{patch.old}"
            )
        path.write_text(text.replace(patch.old, patch.new))


def check_all(tree: Path = ROOT) -> list[str]:
    """Every build's patches applied to a scratch copy of the files they touch; the problems."""
    problems = []
    for build in BUILDS:
        with tempfile.TemporaryDirectory() as scratch:
            for patch in build.patches:
                source = tree / patch.path
                target = Path(scratch) / patch.path
                target.parent.mkdir(parents=True, exist_ok=True)
                if source.is_file() and not target.exists():
                    shutil.copyfile(source, target)
            try:
                apply(Path(scratch), build)
            except PatchDoesNotApply as problem:
                problems.append(str(problem))
    return problems


def copy_tracked(source: Path, target: Path) -> None:
    """The files git tracks in source, as they are on disk, copied to target."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=source, capture_output=True, check=True
    ).stdout
    for name in listed.decode().split("\0"):
        path = source / name
        if name and path.is_file():  # a tracked file deleted on disk is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / name)


@dataclass(frozen=True)
class Outcome:
    passed: bool
    summary: str
    seconds: float
    output: str


def run_test(tree: Path, test: str) -> Outcome:
    """Run one test (a pytest node id) with this interpreter inside tree."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("REGISTRY_DATABASE_URL", None)
    which = subprocess.run(
        [sys.executable, "-c", "import backend, tests; print(backend.__file__, tests.__file__)"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not all(Path(found).is_relative_to(tree) for found in which):
        raise RuntimeError(f"the copy in {tree} imports the registry from elsewhere: {which}")
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test]
    try:
        done = subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as expired:
        output = (expired.stdout or b"").decode(errors="replace") if expired.stdout else ""
        return Outcome(False, f"timed out ({TIMEOUT_SECONDS} s)", TIMEOUT_SECONDS, output)
    seconds = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    summary = lines[-1].strip("= ") if lines else f"exit {done.returncode}"
    return Outcome(done.returncode == 0, summary, seconds, done.stdout + done.stderr)


def first_failure(output: str) -> str:
    """What the broken build tripped: pytest's first short `E   assert ...` line, else its
    first `E   ` line."""
    errors = [line[1:].strip() for line in output.splitlines() if line.startswith("E   ")]
    short = [line for line in errors if line.startswith("assert ") and len(line) <= 110]
    return (short or errors or [""])[0][:110]


def demo(
    build: BrokenBuild, workspace: Path, unbroken: dict[str, Outcome], repeat: int
) -> tuple[str, str]:
    """Run build's test on an unbroken copy once and on a broken copy `repeat` times; the
    verdict ("caught": passed unbroken, failed broken every time) and the first failure."""
    if build.test not in unbroken:
        clean = workspace / f"unbroken-{len(unbroken)}"
        copy_tracked(ROOT, clean)
        unbroken[build.test] = run_test(clean, build.test)
        shutil.rmtree(clean, ignore_errors=True)
    control = unbroken[build.test]
    broken = workspace / f"broken-{build.name}"
    copy_tracked(ROOT, broken)
    apply(broken, build)
    outcomes = [run_test(broken, build.test) for _ in range(repeat)]
    shutil.rmtree(broken, ignore_errors=True)
    runs = ", ".join(f"{o.summary} ({o.seconds:.0f} s)" for o in outcomes)
    print(
        f"  {build.name}: unbroken {control.summary} ({control.seconds:.0f} s); broken {runs}",
        flush=True,
    )
    if not control.passed:
        print(control.output[-4000:], flush=True)
        return "INVALID: fails unbroken", ""
    passed = sum(o.passed for o in outcomes)
    if passed:
        return f"NOT CAUGHT ({passed} of {repeat} runs passed)", ""
    verdict = "caught" if repeat == 1 else f"caught {repeat} of {repeat}"
    return verdict, first_failure(outcomes[0].output) or outcomes[0].summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="broken builds to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the broken builds")
    parser.add_argument("--check", action="store_true", help="only check that patches apply")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each broken build N times (caught: every time)"
    )
    args = parser.parse_args(argv)
    known = {build.name: build for build in BUILDS}
    unknown = [name for name in args.names if name not in known]
    if unknown:
        parser.error(f"unknown broken build(s) {unknown}; known: {', '.join(known)}")
    chosen = [known[name] for name in args.names] if args.names else list(BUILDS)
    if args.list:
        for build in chosen:
            print(f"{build.name:18} {build.test}\n{'':18} breaks: {build.breaks}")
        return 0
    problems = check_all()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    if args.check:
        print(f"all {len(BUILDS)} patches apply")
        return 0
    rows: list[tuple[BrokenBuild, str, str]] = []
    unbroken: dict[str, Outcome] = {}
    with tempfile.TemporaryDirectory(prefix="broken-builds-") as workspace:
        for build in chosen:
            verdict, failure = demo(build, Path(workspace), unbroken, max(1, args.repeat))
            rows.append((build, verdict, failure))
    print("\n| broken build | what it breaks | test | verdict | the broken build's failure |")
    print("|---|---|---|---|---|")
    for build, verdict, failure in rows:
        test = build.test.removeprefix("tests/reliability/")
        failure = failure.replace("|", "\\|")
        print(f"| {build.name} | {build.breaks} | `{test}` | {verdict} | {failure} |")
    return 0 if all(verdict.startswith("caught") for _, verdict, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
