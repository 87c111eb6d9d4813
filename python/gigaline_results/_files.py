# python/gigaline_results/_files.py — reading a result set of gigaline: its manifest.json checked (every file
# listed, with the size and FNV-1a hash the run wrote), then CSV and JSON parsed from the bytes that were checked.
"""Shared helpers of gigaline_results: the manifest check, CSV parsing and month columns."""

import io
import json
import pathlib

import pandas as pd

MANIFEST = "manifest.json"

# Which reader a folder is for, told by the files its manifest lists.
_KINDS = (
    ("forecast.json", "a forecast's folder (gigaline forecast --out): use read_forecast"),
    ("stations.csv", "a run's folder (gigaline run --out): use read_run"),
    ("summary.json", "a region's folder (gigaline run REGION --out): use read_region"),
)


def fnv1a64(data: bytes) -> str:
    """The 64-bit FNV-1a hash of data as 16 hex digits, as gigaline lists it in manifest.json."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def read_result_set(folder, names):
    """The bytes of each file of names in folder, after checking them against folder/manifest.json.

    gigaline removes manifest.json before writing a result set and writes it last, so a folder without one
    was not finished; a file not listed, or whose size or hash differs, is not of the run that wrote the
    manifest (changed since, or written by another run). Each case raises ValueError naming the file.
    """
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    path = folder / MANIFEST
    if not path.is_file():
        raise ValueError(f"{path}: no such file: the gigaline command that wrote {folder} did not finish, or "
                         "this is not a results folder")
    try:
        manifest = json.loads(path.read_bytes())
        listed = {f["name"]: f for f in manifest["files"]}
    except (ValueError, KeyError, TypeError) as e:
        raise ValueError(f"{path}: not a manifest of gigaline (expected {{\"files\": [...]}}): {e}") from None
    if manifest.get("complete") is not True:
        raise ValueError(f"{path}: not marked complete: the result set was not finished")
    out = {}
    for name in names:
        if name not in listed:
            kind = next((what for file, what in _KINDS if file in listed), "not one run's results")
            raise ValueError(f"{path} does not list {name}: {folder} is {kind}")
        file = folder / name
        try:
            data = file.read_bytes()
        except OSError as e:
            raise ValueError(f"{file}: listed in {MANIFEST} but unreadable: {e.strerror}") from None
        entry = listed[name]
        if len(data) != entry.get("bytes") or fnv1a64(data) != entry.get("fnv1a64"):
            raise ValueError(f"{file}: differs from what {MANIFEST} lists (changed after the run, or written by "
                             "another run): the folder is not one set of results")
        out[name] = data
    return out


def months(column):
    """A column of YYYY-MM texts as pandas monthly periods (dtype period[M])."""
    return pd.to_datetime(column.astype(str), format="%Y-%m").dt.to_period("M")


def read_csv(data: bytes):
    """A CSV of gigaline as a DataFrame: figures as floats read back exactly, names as text, `month` parsed."""
    text_columns = {"month": str, "line": str, "station": str}
    df = pd.read_csv(io.BytesIO(data), float_precision="round_trip", dtype=text_columns, keep_default_na=False,
                     na_values=[""])
    if "month" in df.columns:
        df["month"] = months(df["month"])
    # figures are means: float whatever the values happen to be (a column of zeros reads as integers)
    for c in df.select_dtypes("integer").columns:
        if c != "machines":
            df[c] = df[c].astype(float)
    return df


def means_with_ci95(figures: dict):
    """{"gwh": m, "gwh_ci95": h, ...} as a DataFrame indexed by figure with columns mean and ci95."""
    names = [k for k in figures if not k.endswith("_ci95")]
    return pd.DataFrame({"mean": [figures[k] for k in names],
                         "ci95": [figures.get(k + "_ci95", float("nan")) for k in names]},
                        index=pd.Index(names, name="figure"), dtype=float)


def records(items, dates=()):
    """A list of JSON objects as a DataFrame, the columns in dates parsed as timestamps (null: NaT)."""
    df = pd.DataFrame(list(items))
    for c in dates:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d")
    return df
