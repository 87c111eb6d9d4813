# python/gigaline_results/sweep.py — read_sweep: the SQLite database of `gigaline sweep FILE --db DB` (tables meta,
# points, runs, monthly, stage_monthly, timing) as pandas DataFrames, opened read-only, read as one consistent snapshot.
"""Sweep databases of gigaline, as pandas DataFrames (the tables are described in docs/sweeps.md)."""

import dataclasses
import json
import pathlib
import sqlite3

import pandas as pd

from ._files import months

_META_INTS = ("schema_version", "points", "replications", "base_point", "sobol_rows")
_META_JSON = ("factor_names", "kpi_names", "monthly_names", "point_values")
_SAMPLED = ("latin_hypercube", "sobol")  # designs without a base point


@dataclasses.dataclass(repr=False)
class Sweep:
    """A sweep's results.

    points: one row per design point: point, then one column per factor
    runs: one row per run recorded, sorted by point and replication: point, replication, seed, status (ok or
        failed), error, the factors, then the KPIs (gwh, cells_good, scrap_rate, ...; NaN for a failed run)
    monthly: one row per run and month: point, replication, month (a pandas Period), the monthly figures
    stage_monthly: one row per run, month and stage (stations of a stage summed over lines): point, replication,
        month (a pandas Period), position, stage, machines, the state shares, busy_share, oee, cells_out,
        scrap_found, scrap_caused and bottleneck (1 for the month's bottleneck)
    timing: point, replication, wall_s of each run
    meta: the meta table (sweep_name, sweep_hash, gigaline_version, build, design, factor_names, ...), numbers
        and lists decoded
    """

    path: pathlib.Path
    meta: dict
    points: pd.DataFrame
    runs: pd.DataFrame
    monthly: pd.DataFrame
    stage_monthly: pd.DataFrame
    timing: pd.DataFrame

    @property
    def name(self) -> str:
        return self.meta["sweep_name"]

    @property
    def design(self) -> str:
        return self.meta["design"]

    @property
    def factors(self) -> list:
        return self.meta["factor_names"]

    @property
    def kpis(self) -> list:
        return self.meta["kpi_names"]

    @property
    def replications(self) -> int:
        return self.meta["replications"]

    @property
    def base_point(self):
        """The point every difference is taken from (one-at-a-time and grid designs), else None."""
        return None if self.design in _SAMPLED else self.meta.get("base_point", 0)

    @property
    def complete(self) -> bool:
        """Whether every point has all its replications recorded (a sweep still running, or one shard's
        database, has fewer)."""
        return len(self.runs) == self.meta["points"] * self.meta["replications"]

    def __repr__(self):
        return (f"<gigaline sweep {self.name!r}: {self.design}, {self.meta['points']} point(s) x "
                f"{self.replications} replication(s), {len(self.runs)} run(s) recorded, from {self.path}>")


def _read_tables(path: pathlib.Path, immutable: bool):
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as e:
        raise ValueError(f"{path}: cannot open as SQLite: {e}") from None
    try:
        con.execute("BEGIN")  # one read transaction: a sweep committing meanwhile is not half seen
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"meta", "points", "runs", "monthly", "timing"} - tables
        if missing:
            raise ValueError(f"{path}: not a database of gigaline sweep (no table {', '.join(sorted(missing))})")
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        # stage_monthly is in schema version 2 on; an older database is refused below, by its version
        read = {t: pd.read_sql_query(f"SELECT * FROM {t} ORDER BY {order}", con)
                for t, order in (("points", "point"), ("runs", "point, replication"),
                                 ("monthly", "point, replication, month"),
                                 ("stage_monthly", "point, replication, month, position"),
                                 ("timing", "point, replication")) if t in tables}
        con.execute("COMMIT")
        return meta, read
    except sqlite3.DatabaseError as e:
        raise ValueError(f"{path}: not a database of gigaline sweep: {e}") from None
    finally:
        con.close()


def _stamp(path: pathlib.Path):
    st = path.stat()
    return st.st_size, st.st_mtime_ns, path.with_name(path.name + "-wal").exists()


def read_sweep(db) -> Sweep:
    """The SQLite database that `gigaline sweep FILE --db DB` (or `gigaline sweep merge`) wrote.

    Opened read-only, never written. A database that no process has open (no DB-wal file beside it) is read
    as immutable, which leaves no -wal or -shm file behind; one that a sweep is writing is read through
    SQLite's locks, as it stands (see Sweep.complete). Raises FileNotFoundError when db does not exist and
    ValueError when it is not a sweep database of a known schema version.
    """
    path = pathlib.Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    before = _stamp(path)
    immutable = not before[2]
    meta, tables = _read_tables(path, immutable)
    if immutable and _stamp(path) != before:  # a sweep started writing while we read: read again, locked
        meta, tables = _read_tables(path, False)
    for key in _META_INTS:
        if key in meta:
            meta[key] = int(meta[key])
    for key in _META_JSON:
        if key in meta:
            meta[key] = json.loads(meta[key])
    if meta.get("schema_version") != 2:
        raise ValueError(f"{path}: sweep database schema_version {meta.get('schema_version')}; this reader knows 2 "
                         "(version 1, before table stage_monthly: run the sweep again)")

    # factors whose levels are all booleans: SQLite stores them as 0/1
    for i, factor in enumerate(meta["factor_names"]):
        levels = [p[i] for p in meta.get("point_values", [])]
        if levels and all(isinstance(v, bool) for v in levels):
            for t in ("points", "runs"):
                tables[t][factor] = tables[t][factor].astype(bool)
    tables["monthly"]["month"] = months(tables["monthly"]["month"])
    tables["stage_monthly"]["month"] = months(tables["stage_monthly"]["month"])
    return Sweep(path=path, meta=meta, **tables)
