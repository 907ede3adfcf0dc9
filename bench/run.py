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


def prepare(scale: str) -> float | None:
    """Migrate, load units, generate the data set if absent; return the generation time (None if reused)."""
    from django.core.management import call_command

    from bench.generate import generate, is_generated
    from phoihop.geo.services import units_load

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    units_load()
    print(f"migrate + units: {time.perf_counter() - started:.1f} s")
    if is_generated():
        print("data set: present, reused")
        return None
    started = time.perf_counter()
    counts = generate(scale)
    seconds = time.perf_counter() - started
    print(f"data set: generated {counts} in {seconds:.1f} s")
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
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs.models import Organization

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


def measure(scenario, ctx) -> tuple[dict, list[float], list[float]]:
    from bench.report import summary

    app, floor, per_params = [], [], []
    for params in scenario.params:
        for _ in range(WARMUP):
            got, want = scenario.run(ctx, **params), scenario.floor(ctx, **params)
        if got != want:
            raise AssertionError(f"{scenario.name} {params}: application {got} ≠ floor {want}")
        a, f = [], []
        for _ in range(scenario.repeat):  # alternate so drift affects both sides alike
            a.append(_timed(scenario.run, ctx, params))
            f.append(_timed(scenario.floor, ctx, params))
        label = "  " + " ".join(f"{k}={v}" for k, v in params.items())
        per_params.append({**summary(label, a, f), "params": params, "rows": len(got[0]), "count": got[1]})
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
    return Context(acting=acting, client=client), token


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["province", "national"], default="province")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE on PostgreSQL")
    args = parser.parse_args(argv)
    setup_django(args.scale, args.db)

    from bench import report
    from bench.scenarios import SCENARIOS
    from phoihop.accounts.services import token_revoke

    generation = prepare(args.scale)
    if not args.no_vacuum:
        vacuum()
    env = environment(args.scale)
    ctx, token = context()
    rows, app, floor = [], [], []
    try:
        for scenario in SCENARIOS:
            row, a, f = measure(scenario, ctx)
            rows.append(row)
            app += a
            floor += f
    finally:
        token_revoke(acting=ctx.acting, token=token)
    overall = report.summary("overall", app, floor)

    machine = env["machine"]
    print(
        f"\nscale={env['scale']}  db={env['database']}  "
        + "  ".join(f"{k}={v:,}" for k, v in env["rows"].items())
        + f"\nmachine: {machine['cores']} cores, {machine['platform']}, Python {machine['python']}"
        + (f"\ngeneration: {generation:.1f} s" if generation is not None else "")
        + ("\nno VACUUM ANALYZE before measuring" if args.no_vacuum else "")
        + "\n"
    )
    print(report.table([r for row in rows for r in (row, *row["params"])] + [overall]))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {
        **env,
        "generation_seconds": generation,
        "vacuum": not args.no_vacuum,
        "warmup": WARMUP,
        "scenarios": rows,
        "overall": overall,
    }
    print(f"\nresults: {report.write_json(result, stamp, args.scale, args.db).relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
