"""News formats (items with an outcome): UCI Online News Popularity (Fernandes, Vinagre & Cortez 2015),
Hacker News posts, Trump tweets (Trump Twitter Archive via dslabs) and the Upworthy Research Archive
(Matias et al. 2021). The full UCI file and the Upworthy packages are tested on tiny files in
``tests/fixtures/formats/``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..files import DataError
from . import register
from .helpers import (
    dummies,
    first_bad,
    line_of,
    numeric,
    params_of,
    parse_utc,
    read_rows,
    unix_seconds,
)

# --------------------------------------------------------------------------------------------------
# UCI Online News Popularity (Fernandes, Vinagre & Cortez 2015), full file or subset

#: UCI columns that are exactly redundant with others (dropped so regressions are identifiable)
UCI_REDUNDANT = ("is_weekend", "weekday_is_monday", "LDA_04")


@register(
    "uci_news",
    tables=("items",),
    columns={"items": ("start_time", "title", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_uci_news(files, options):
    """UCI Online News Popularity CSV (Mashable) → items with shares, slug words and the 58 features.

    * ``item_id`` = the URL; ``title`` = the words of the URL slug (the headline's words, lower case);
      ``start_time`` = the date in the URL (``/YYYY/MM/DD/``) as Unix seconds at 00:00 UTC.
    * ``outcome`` = ``shares``.
    * covariates ``cov_<UCI name>`` for every numeric column except ``shares``: channel dummies
      (``cov_data_channel_is_*``), weekday dummies (Monday is the reference), ``cov_timedelta`` (days from
      publication to acquisition), length/structure counts, keyword statistics, LDA closeness (LDA_04 is the
      reference: the five sum to 1), and the authors' own sentiment/subjectivity columns. ``is_weekend`` is
      dropped (it equals Saturday + Sunday).
    """
    path = files["csv"]
    df = read_rows(path, ["url", "shares"], skipinitialspace=True)
    url = df["url"].astype("string").str.strip()
    date = url.str.extract(r"/(\d{4})/(\d{2})/(\d{2})/")
    when = pd.to_datetime(date[0] + "-" + date[1] + "-" + date[2], utc=True, errors="coerce")
    slug = url.str.rstrip("/").str.rsplit("/", n=1).str[-1]
    items = {
        "item_id": url,
        "start_time": unix_seconds(when),
        "title": slug.str.replace(r"[-_]+", " ", regex=True).str.strip(),
        "outcome": numeric(df["shares"], path, "shares"),
    }
    for c in df.columns:
        if c in ("url", "shares") or c in UCI_REDUNDANT:
            continue
        items[f"cov_{c}"] = numeric(df[c], path, c)
    notes = [
        f"{len(df)} articles; title = URL slug words (not the full headline); outcome = shares",
        f"dropped redundant columns {', '.join(UCI_REDUNDANT)} (reference levels)",
    ]
    if when.isna().any():
        notes.append(
            f"{int(when.isna().sum())} URLs without a /YYYY/MM/DD/ date: start_time missing"
        )
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# Hacker News posts (Kaggle / Dataquest sample)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _slug_name(text: str) -> str:
    """A link domain as part of a column name (``github.com`` → ``github_com``)."""
    return re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")


@register(
    "hacker_news",
    tables=("items",),
    columns={"items": ("start_time", "creator", "title", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_hacker_news(files, options):
    """Hacker News posts (``id, title, url, num_points, num_comments, author, created_at``) → items.

    * ``outcome`` = ``num_points``; ``title``; ``creator`` = author.
    * ``start_time``: ``created_at`` (``M/D/YYYY H:MM``) read in ``params.timezone`` (default
      America/New_York, as the Kaggle page says; undocumented in the file), as Unix seconds.
    * covariates: ``cov_weekday_<tue..sun>`` (Monday reference) and ``cov_hour_<04..20>`` four-hour blocks
      of the local clock (00-03 reference), ``cov_ask_hn``, ``cov_show_hn``, ``cov_has_url``, and
      ``cov_domain_<name>`` for the ``params.top_domains`` (default 10) most frequent link domains
      (``www.`` stripped; ties by name). ``num_comments`` is not a covariate (it is another outcome).
    """
    p = params_of(options)
    path = files["csv"]
    need = ["id", "title", "url", "num_points", "created_at"]
    df = read_rows(path, need, dtype=str, keep_default_na=False, lineterminator="\n")
    local = pd.to_datetime(df["created_at"], format="%m/%d/%Y %H:%M", errors="coerce")
    bad = local.isna()
    if bad.any():
        i = first_bad(bad)
        raise DataError(
            f"{path}: column 'created_at', line {line_of(path, i)}: expected a date-time M/D/YYYY H:MM, "
            f"got {df['created_at'].iloc[i]!r}"
        )
    tz = p.get("timezone", "America/New_York")
    # a clock time repeated at the autumn DST change is read as daylight time (the first of the two)
    aware = local.dt.tz_localize(
        tz, ambiguous=np.ones(len(local), dtype=bool), nonexistent="shift_forward"
    )
    title = df["title"].astype("string")
    low = title.str.lower()
    domain = (
        df["url"]
        .astype("string")
        .str.extract(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)")[0]
        .str.lower()
        .str.replace(r"^www\.", "", regex=True)
    )
    counts = domain.dropna().value_counts()
    counts = (
        counts.rename_axis("d").reset_index().sort_values(["count", "d"], ascending=[False, True])
    )
    top = list(counts["d"].head(int(p.get("top_domains", 10))))
    block = (local.dt.hour // 4) * 4
    items = {
        "item_id": df["id"],
        "start_time": unix_seconds(aware.dt.tz_convert("UTC")),
        "creator": df["author"] if "author" in df.columns else pd.NA,
        "title": title,
        "outcome": numeric(df["num_points"], path, "num_points"),
        **dummies(
            local.dt.day_of_week.map(dict(enumerate(WEEKDAYS))),
            "weekday",
            WEEKDAYS,
            reference="mon",
        ),
        **{f"cov_hour_{h:02d}": (block == h).to_numpy(dtype=float) for h in range(4, 24, 4)},
        "cov_ask_hn": low.str.startswith("ask hn").to_numpy(dtype=float),
        "cov_show_hn": low.str.startswith("show hn").to_numpy(dtype=float),
        "cov_has_url": (df["url"].str.strip() != "").to_numpy(dtype=float),
    }
    for d in top:
        items[f"cov_domain_{_slug_name(d)}"] = (domain == d).fillna(False).to_numpy(dtype=float)
    notes = [
        f"{len(df)} posts; outcome = num_points at collection time; sample selected on >= 1 comment",
        f"created_at read as {tz} local time; hour/weekday covariates use that clock",
        f"domain indicators for the {len(top)} most frequent link domains: {', '.join(top)}",
    ]
    if aware.isna().any():
        notes.append(
            f"{int(aware.isna().sum())} ambiguous local times (DST change): start_time missing"
        )
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# Trump tweets (dslabs / Trump Twitter Archive)

TRUMP_CAMPAIGN = ("2015-06-16", "2016-11-08")


@register(
    "trump_tweets",
    tables=("items",),
    columns={"items": ("start_time", "text", "outcome")},
    roles=("csv",),
    outcome_kind="count",
)
def read_trump_tweets(files, options):
    """dslabs ``trump_tweets`` CSV → items: ``text``, ``outcome`` = ``retweet_count``, date controls.

    * ``start_time`` = ``created_at`` (UTC) as Unix seconds.
    * covariates: ``cov_months`` (months since January 2009, for trends), ``cov_year_<2010..2018>`` dummies
      (2009 reference), ``cov_campaign`` (2015-06-16 to 2016-11-08), ``cov_is_reply``,
      ``cov_source_android``, ``cov_source_iphone`` (other clients, mostly the web client, are the
      reference), ``cov_manual_rt`` (text starts with "RT @" or a quote mark + "@").
    * The counts were read when the archive was collected, not at a fixed age: control for date.
    """
    path = files["csv"]
    need = ["source", "id_str", "text", "created_at", "retweet_count", "in_reply_to_user_id_str"]
    # bare carriage returns occur inside unquoted texts: only "\n" ends a row
    df = read_rows(path, need, dtype=str, keep_default_na=False, lineterminator="\n")
    when = parse_utc(df["created_at"], path, "created_at")
    src = df["source"].astype("string")
    text = df["text"].astype("string")
    years = list(range(2010, 2019))
    items = {
        "item_id": df["id_str"],
        "start_time": unix_seconds(when),
        "text": text,
        "outcome": numeric(df["retweet_count"], path, "retweet_count"),
        "cov_months": ((when.dt.year - 2009) * 12 + when.dt.month - 1).astype(float),
        **{f"cov_year_{y}": (when.dt.year == y).to_numpy(dtype=float) for y in years},
        "cov_campaign": (
            (when >= pd.Timestamp(TRUMP_CAMPAIGN[0], tz="UTC"))
            & (when < pd.Timestamp(TRUMP_CAMPAIGN[1], tz="UTC") + pd.Timedelta(days=1))
        ).to_numpy(dtype=float),
        "cov_is_reply": (df["in_reply_to_user_id_str"].str.strip() != "").to_numpy(dtype=float),
        "cov_source_android": (src == "Twitter for Android").to_numpy(dtype=float),
        "cov_source_iphone": (src == "Twitter for iPhone").to_numpy(dtype=float),
        "cov_manual_rt": text.str.match(r'^\s*(RT @|"@)').to_numpy(dtype=float),
    }
    notes = [
        f"{len(df)} tweets by one author; outcome = retweet_count at archive collection time (not at a "
        "fixed age): control for date (cov_months, cov_year_*, cov_campaign)",
    ]
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}


# --------------------------------------------------------------------------------------------------
# Upworthy Research Archive (Matias et al. 2021)


@register(
    "upworthy",
    tables=("items",),
    columns={"items": ("start_time", "title", "text", "outcome")},
    roles=("packages",),
    outcome_kind="count",
)
def read_upworthy(files, options):
    """Upworthy Research Archive packages CSV (Matias et al. 2021) → one item per package.

    * ``item_id``: the package's own id column if present (``id`` / ``package_id``; the archive CSV's
      unnamed first column is its row index and is used when nothing else is), else
      ``<clickability_test_id>_<k>`` (k = position within the test in file order).
    * ``title`` = ``headline``; ``text`` = ``excerpt``; ``start_time`` = ``created_at`` (time zone unknown,
      read as UTC).
    * ``outcome`` = ``clicks``, with ``cov_impressions`` (the exposure: model clicks out of impressions, e.g.
      a binomial GLM or log offset) and ``cov_ctr`` = clicks / impressions.
    * ``cov_test`` = an integer code of ``clickability_test_id`` (sorted order; a label, not a quantity:
      use it for within-test comparisons / fixed effects); ``cov_winner``, ``cov_first_place`` (0/1),
      ``cov_test_week``.
    """
    path = files["packages"]
    need = ["clickability_test_id", "headline", "impressions", "clicks"]
    df = read_rows(path, need, dtype=str, keep_default_na=False)
    idcol = next((c for c in ("package_id", "id", "Unnamed: 0", "") if c in df.columns), None)
    test = df["clickability_test_id"].str.strip()
    if idcol is not None:
        item = df[idcol].str.strip()
    else:
        item = test + "_" + df.groupby(test, sort=False).cumcount().astype(str)
    imp = numeric(df["impressions"], path, "impressions")
    clicks = numeric(df["clicks"], path, "clicks")

    def flag(col):
        if col not in df.columns:
            return np.full(len(df), np.nan)
        s = df[col].str.strip().str.lower()
        return s.map({"true": 1.0, "false": 0.0, "1": 1.0, "0": 0.0}).astype(float).to_numpy()

    codes = {t: float(i) for i, t in enumerate(sorted(test.unique()))}
    items = {
        "item_id": item,
        "start_time": unix_seconds(parse_utc(df["created_at"], path, "created_at"))
        if "created_at" in df.columns
        else np.nan,
        "title": df["headline"].astype("string"),
        "text": df["excerpt"].astype("string") if "excerpt" in df.columns else pd.NA,
        "outcome": clicks,
        "cov_impressions": imp,
        "cov_ctr": clicks / imp.where(imp > 0),
        "cov_test": test.map(codes).astype(float),
        "cov_winner": flag("winner"),
        "cov_first_place": flag("first_place"),
    }
    if "test_week" in df.columns:
        items["cov_test_week"] = numeric(df["test_week"], path, "test_week")
    notes = [
        f"{len(df)} packages in {len(codes)} tests; outcome = clicks, exposure = cov_impressions; compare "
        "headlines within a test (cov_test is a test code, not a quantity)",
        f"item_id from column {idcol!r}" if idcol is not None else "item_id = <test id>_<k>",
    ]
    return {"items": pd.DataFrame(items), "notes": notes, "time_unit": "s"}
