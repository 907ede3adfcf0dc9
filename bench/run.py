"""`python -m bench.run --scale province|national --db sqlite|postgres`

Chooses its own database (never the development one), migrates, loads the administrative units,
generates the data set once, then times every scenario against its SQL floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"
WARMUP = 3  # untimed runs of each operation and parameter set


def database_url(scale: str, db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{BASE_DIR / 'var' / f'bench_{scale}.sqlite3'}"
    import psycopg
    from psycopg import sql

    name = f"phoihop_bench_{scale}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{POSTGRES}/{name}"


def setup_django(scale: str, db: str) -> None:
    os.environ["DATABASE_URL"] = database_url(scale, db)
    os.environ.pop("PHOIHOP_DEBUG", None)  # measure the production configuration
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def layers() -> dict:
    """Layer name → (is it present?, generate it for a scale), in order: bench/generate.py's, then "concerns"."""
    from bench import generate_concerns, generate_exchanges, generate_opinions
    from bench.generate import LAYERS

    return {
        **LAYERS,
        "concerns": (generate_concerns.is_generated, generate_concerns.generate),
        "opinions": (generate_opinions.is_generated, generate_opinions.generate),
        "exchanges": (generate_exchanges.is_generated, generate_exchanges.generate),
    }


def prepare(scale: str) -> dict[str, float]:
    """Migrate, load units, generate the layers of the data set that are absent; return each one's seconds."""
    from django.core.management import call_command

    from phoihop.geo.services import units_load

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    units_load()
    print(f"migrate + units: {time.perf_counter() - started:.1f} s")
    all_layers = layers()
    missing = [name for name, (present, _) in all_layers.items() if not present()]
    present = [n for n in all_layers if n not in missing]
    print(f"data set: layers {', '.join(present)} present, reused" if present else "data set: absent")
    seconds = {}
    for name in missing:
        started = time.perf_counter()
        counts = all_layers[name][1](scale)
        seconds[name] = time.perf_counter() - started
        print(f"data set: layer {name!r} generated {counts} in {seconds[name]:.1f} s")
    return seconds


def vacuum() -> None:
    """What autovacuum does on a live PostgreSQL server: planner statistics, and the pending lists of the
    GIN (trigram) indexes merged into the index proper. Autovacuum may be off (it is on the reference
    machine) or not have run yet after generation; without this, plans are not the ones production gets.
    SQLite is left as the application leaves it (Django never runs ANALYZE there)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def environment(scale: str) -> dict:
    from phoihop.accounts.models import User
    from phoihop.concerns.models import Concern, ConcernParty
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs.models import Organization
    from phoihop.plans.models import Plan, Task, TaskParty
    from phoihop.programs.models import Program

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        version = cur.fetchone()[0]
    return {
        "scale": scale,
        "database": f"{connection.vendor} {version}",
        "rows": {
            "orgs": Organization.objects.count(),
            "users": User.objects.count(),
            "units": AdminUnit.objects.count(),
            "programs": Program.objects.count(),
            "plans": Plan.objects.count(),
            "tasks": Task.objects.count(),
            "task parties": TaskParty.objects.count(),
            "concerns": Concern.objects.count(),
            "concern parties": ConcernParty.objects.count(),
        },
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
    }


def _timed(fn, ctx, params: dict) -> float:
    # a request ends by closing (SQLite) or flagging for a health check (PostgreSQL) the connection;
    # settle that here so a timed call only pays for it when it is itself a request
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    started = time.perf_counter()
    fn(ctx, **params)
    return (time.perf_counter() - started) * 1000


def _shape(result) -> dict:
    """What the JSON file keeps of a result: rows on the page and the count, or the result itself."""
    if isinstance(result, dict):  # {queue: (ids, count)}
        return {"rows": sum(len(ids) for ids, _ in result.values()), "count": {k: c for k, (_, c) in result.items()}}
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], list):  # (ids, count)
        return {"rows": len(result[0]), "count": result[1]}
    return {"result": result}


def measure(scenario, ctx) -> tuple[dict, list[float], list[float]]:
    from bench.report import summary

    app, floor, per_params = [], [], []
    params_sets = scenario.params(ctx) if callable(scenario.params) else scenario.params
    warmup = WARMUP if scenario.warmup is None else scenario.warmup
    for params in params_sets:
        for _ in range(warmup):
            got = scenario.run(ctx, **params)
            if scenario.floor is not None:
                want = scenario.floor(ctx, **params)
                if got != want:
                    raise AssertionError(f"{scenario.name} {params}: application {got} ≠ floor {want}")
        a, f = [], []
        for _ in range(scenario.repeat):  # alternate so drift affects both sides alike
            a.append(_timed(scenario.run, ctx, params))
            if scenario.floor is not None:
                f.append(_timed(scenario.floor, ctx, params))
        label = "  " + " ".join(f"{k}={v}" for k, v in params.items())
        per_params.append({**summary(label, a, f), "params": params, **_shape(got)})
        app += a
        floor += f
    return {**summary(scenario.name, app, floor), "params": per_params}, app, floor


def context():
    from django.test import Client

    from bench.generate import TOKEN_USERNAME
    from bench.scenarios import Context
    from phoihop.accounts.acting import resolve_acting
    from phoihop.accounts.models import User
    from phoihop.accounts.services import token_create

    acting = resolve_acting(User.objects.get(username=TOKEN_USERNAME))
    raw, token = token_create(acting=acting, name="bench", days=1)
    client = Client(SERVER_NAME="localhost", headers={"authorization": f"Bearer {raw}"})
    return Context(acting=acting, client=client, tokens=[(acting, token)])


def _throughput_line(t: dict) -> str:
    if "skipped" in t:
        return f"\nconcern intake throughput: skipped ({t['skipped']})"
    lat = t["latency_ms"]
    return (
        f"\nconcern intake throughput (POST /api/v1/concerns, gunicorn {t['workers']} workers, wrk -t2 "
        f"-c{t['connections']} -d{t['seconds']}s): {t['requests_per_second']:,.1f} requests/s, {t['requests']:,} "
        f"requests, {t['non_2xx']} not 2xx{', ' + t['socket_errors'] if t['socket_errors'] else ''}; latency "
        f"p50 {lat['p50']} ms, p90 {lat['p90']} ms, p99 {lat['p99']} ms"
    )


def _quality():
    """bench/quality.py: topic-suggestion accuracy and duplicate precision/recall (printed by it), if present."""
    try:
        from bench import quality
    except ImportError:
        print("\nquality: bench/quality.py is absent, skipped")
        return None
    import inspect

    print("\nquality (bench/quality.py):", flush=True)
    takes_argv = bool(inspect.signature(quality.main).parameters)
    result = quality.main([]) if takes_argv else quality.main()
    return result if isinstance(result, dict | list) else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["province", "national"], default="province")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE on PostgreSQL")
    parser.add_argument("--no-server", action="store_true", help="skip the intake throughput run (gunicorn + wrk)")
    parser.add_argument("--no-quality", action="store_true", help="skip bench.quality (topic and duplicate quality)")
    parser.add_argument("--only", default="", help="measure only the scenarios whose name contains this text")
    args = parser.parse_args(argv)
    setup_django(args.scale, args.db)

    from bench import report
    from bench.scenarios import SCENARIOS
    from phoihop.accounts.services import token_revoke

    generation = prepare(args.scale)
    if not args.no_vacuum:
        vacuum()
    env = environment(args.scale)
    ctx = context()
    rows, app, floor = [], [], []
    try:
        for scenario in SCENARIOS:
            if args.only and args.only not in scenario.name:
                continue
            print(f"measuring {scenario.name}", flush=True)
            row, a, f = measure(scenario, ctx)
            rows.append(row)
            if f:  # the overall row is over the scenarios that have a floor
                app += a
                floor += f
    finally:
        for acting, token in ctx.tokens:
            token_revoke(acting=acting, token=token)
    overall = report.summary("overall (with a floor)", app, floor) if app else None
    throughput = None
    if not args.no_server:
        from bench.scenarios import intake_throughput

        print("measuring concern intake throughput (gunicorn + wrk)", flush=True)
        revoked = len(ctx.tokens)
        try:
            throughput = intake_throughput(ctx)
        finally:
            for acting, token in ctx.tokens[revoked:]:
                token_revoke(acting=acting, token=token)

    machine = env["machine"]
    print(
        f"\nscale={env['scale']}  db={env['database']}  "
        + "  ".join(f"{k}={v:,}" for k, v in env["rows"].items())
        + f"\nmachine: {machine['cores']} cores, {machine['platform']}, Python {machine['python']}"
        + "".join(f"\ngeneration of layer {name!r}: {seconds:.1f} s" for name, seconds in generation.items())
        + ("\nno VACUUM ANALYZE before measuring" if args.no_vacuum else "")
        + "\n"
    )
    print(report.table([r for row in rows for r in (row, *row["params"])] + ([overall] if overall else [])))
    if throughput:
        print(_throughput_line(throughput))
    quality = None if args.no_quality else _quality()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {
        **env,
        "generation_seconds": generation or None,
        "vacuum": not args.no_vacuum,
        "warmup": WARMUP,
        "scenarios": rows,
        "overall": overall,
        "intake_throughput": throughput,
        "quality": quality,
    }
    print(f"\nresults: {report.write_json(result, stamp, args.scale, args.db).relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
