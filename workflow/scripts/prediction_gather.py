"""Study B tables and figures from the per-data-set parts (rule prediction_gather)."""

import math

import numpy as np
import pandas as pd
from scipy import stats

from virality import files as vfiles
from virality import plots, prediction

log = vfiles.setup_logging(snakemake.log[0])  # noqa: F821
inp, out = snakemake.input, snakemake.output  # noqa: F821


def gather(part: str) -> pd.DataFrame:
    frames = [pd.read_csv(path, keep_default_na=True) for path in inp[part]]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.read_csv(inp[part][0]) if len(inp[part]) else pd.DataFrame()
    df = pd.concat(frames, ignore_index=True)
    if "synthetic" in df.columns:
        df["synthetic"] = df["synthetic"].astype(str).str.lower().eq("true")
    return df


def sort(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if len(df) == 0:
        return df
    df = df.copy()
    if "predictor" in keys:
        df["_p"] = df["predictor"].map({p: i for i, p in enumerate(prediction.PREDICTORS)})
        keys = ["_p" if k == "predictor" else k for k in keys]
    df = df.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)
    return df.drop(columns=[c for c in ("_p",) if c in df.columns])


tables = {
    "novelty": (gather("novelty"), ["dataset"], prediction.NOVELTY_COLUMNS),
    "novelty_ci": (gather("novelty_ci"), ["dataset", "parameter"], None),
    "correlation": (gather("correlation"), ["dataset", "t_i"], prediction.CORRELATION_COLUMNS),
    "error": (gather("error"), ["dataset", "predictor", "t_i"], prediction.ERROR_COLUMNS),
    "limits": (gather("limits"), ["dataset", "t_i"], prediction.LIMITS_COLUMNS),  # ex ante first
    "grids": (gather("grid"), ["dataset"], None),
    "clock": (gather("clock"), ["dataset", "clock", "t_i"], prediction.CLOCK_COLUMNS),
}
for name, (df, keys, cols) in tables.items():
    df = sort(df, keys)
    if cols is not None:
        df = df.reindex(columns=cols)
    vfiles.write_csv(df, out[name])
    log.info("%s: %d rows", out[name], len(df))

syn = dict(zip(tables["novelty"][0]["dataset"], tables["novelty"][0]["synthetic"], strict=True))
units = dict(
    zip(tables["novelty"][0]["dataset"], tables["novelty"][0]["half_life_unit"], strict=True)
)


def panels(names, width=4.0, height=3.2):
    n = max(1, len(names))
    ncols = min(3, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plots.new_figure(
        width * ncols,
        height * nrows,
        nrows=nrows,
        ncols=ncols,
        squeeze=False,
        layout="constrained",
    )
    flat = axes.ravel()
    for ax in flat[len(names) :]:
        ax.set_visible(False)
    if not names:
        flat[0].set_visible(True)
        flat[0].text(0.5, 0.5, "no data set with enough items", ha="center", va="center")
    return fig, flat


def unit_label(d):
    u = units.get(d, "")
    return "h" if u == "h" else "raw units"


# 1. log-log scatter at one indicator time
sc = gather("scatter")
names = sorted(d for d, s in sc.groupby("dataset") if len(s) >= 3) if len(sc) else []
fig, axes = panels(names)
for ax, d in zip(axes, names, strict=False):
    s = sc[sc["dataset"] == d]
    ax.scatter(
        s["log_n_ti"], s["log_n_tr"], s=4, alpha=0.3, color="C0", label="items", rasterized=True
    )
    lo = float(min(s["log_n_ti"].min(), s["log_n_tr"].min()))
    hi = float(max(s["log_n_ti"].max(), s["log_n_tr"].max()))
    ax.plot([lo, hi], [lo, hi], "k--", lw=0.8, label="N(t_r) = N(t_i)")
    r = prediction.pearson_log(np.exp(s["log_n_ti"]), np.exp(s["log_n_tr"]))
    ax.set_title(
        f"{plots.label(d, syn.get(d, False))}\nt_i={s['t_i'].iloc[0]:.3g}, t_r={s['t_r'].iloc[0]:.3g} {unit_label(d)}, r={r:.2f}",
        fontsize=9,
    )
    ax.set_xlabel("ln N(t_i), events by t_i")
    ax.set_ylabel("ln N(t_r), events by t_r")
    ax.legend(fontsize=7, loc="lower right")
fig.suptitle("Early against late popularity (Szabo & Huberman 2010); synthetic data sets marked")
plots.save(fig, out.scatter_png, out.scatter_pdf)

# 2. correlation against t_i (relative to t_r: units differ between data sets)
co = tables["correlation"][0]
fig, ax = plots.new_figure(7.0, 4.5, layout="constrained")
for d, s in co.groupby("dataset", sort=True):
    s = s.dropna(subset=["pearson_r_log"])
    if len(s):
        ax.plot(
            s["t_i"] / s["t_r"],
            s["pearson_r_log"],
            "o-",
            ms=3,
            label=plots.label(d, syn.get(d, False)),
        )
ax.set_xscale("log")
ax.set_xlabel("indicator time t_i as a fraction of the reference time t_r (log scale)")
ax.set_ylabel("Pearson r of ln N(t_i) and ln N(t_r)")
ax.set_title("Correlation of early and late log popularity (synthetic data sets marked)")
ax.legend(fontsize=7)
plots.save(fig, out.correlation_png, out.correlation_pdf)

# 3. error against t_i per predictor
er = tables["error"][0]
names = sorted(er["dataset"].unique()) if len(er) else []
fig, axes = panels(names)
for ax, d in zip(axes, names, strict=False):
    s = er[er["dataset"] == d]
    for k, pname in enumerate(prediction.PREDICTORS):
        q = s[s["predictor"] == pname]
        q = q[np.isfinite(q["rse_mean"])]
        if len(q):
            ax.plot(q["t_i"], q["rse_mean"], "o-", ms=3, color=f"C{k}", label=pname)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"indicator time t_i ({unit_label(d)})")
    ax.set_ylabel("mean RSE, test half")
    ax.set_title(plots.label(d, syn.get(d, False)), fontsize=9)
    ax.legend(fontsize=7)
fig.suptitle("Prediction error of N(t_r) against the indicator time; synthetic data sets marked")
plots.save(fig, out.error_png, out.error_pdf)

# 4. novelty decay: mean growth per step and the stretched-exponential fit
dp = gather("decay_points")
nv = tables["novelty"][0].set_index("dataset")
names = sorted(dp["dataset"].unique()) if len(dp) else []
fig, axes = panels(names)
for ax, d in zip(axes, names, strict=False):
    s = dp[(dp["dataset"] == d) & (dp["growth_mean"] > 0)]
    ax.plot(s["t"], s["growth_mean"], ".", ms=3, color="C0", label="mean growth per step (data)")
    f = s.dropna(subset=["fitted"])
    if len(f):
        a, b = nv.loc[d, "decay_a"], nv.loc[d, "decay_b"]
        ax.plot(f["t"], f["fitted"], "-", color="C3", label=f"c exp(-a t^b), a={a:.3g}, b={b:.3g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"age t ({unit_label(d)})")
    ax.set_ylabel("mean relative growth (mu r_t)")
    ax.set_title(plots.label(d, syn.get(d, False)), fontsize=9)
    ax.legend(fontsize=7)
fig.suptitle("Novelty decay (Wu & Huberman 2007); synthetic data sets marked")
plots.save(fig, out.decay_png, out.decay_pdf)

# 5. Q-Q plot of log final popularity
fi = gather("final")
names = sorted(d for d, s in fi.groupby("dataset") if len(s) >= 5) if len(fi) else []
fig, axes = panels(names)
for ax, d in zip(axes, names, strict=False):
    x = np.sort(fi.loc[fi["dataset"] == d, "log_final"].to_numpy())
    sd = x.std(ddof=1)
    z = (x - x.mean()) / sd if sd > 0 else x * 0
    q = stats.norm.ppf((np.arange(1, x.size + 1) - 0.5) / x.size)
    ax.plot(q, z, ".", ms=3, label="ln N(t_r), standardised")
    ax.plot([q[0], q[-1]], [q[0], q[-1]], "k--", lw=0.8, label="normal")
    ax.set_xlabel("normal quantile")
    ax.set_ylabel("standardised ln N(t_r)")
    p = nv.loc[d, "normality_p"] if d in nv.index else np.nan
    ax.set_title(f"{plots.label(d, syn.get(d, False))}, Lilliefors p={p:.2g}", fontsize=9)
    ax.legend(fontsize=7)
fig.suptitle("Is final popularity log-normal? (Wu & Huberman 2007); synthetic data sets marked")
plots.save(fig, out.lognormal_png, out.lognormal_pdf)
# 6. popularity curves: mean share of N(t_r) reached at each age
fig, ax = plots.new_figure(7.0, 4.5, layout="constrained")
for d, s in dp.groupby("dataset", sort=True):
    s = s.dropna(subset=["profile_mean"])
    if len(s):
        ax.plot(
            s["t"] / s["t"].max(), s["profile_mean"], "-", label=plots.label(d, syn.get(d, False))
        )
ax.set_xscale("log")
ax.set_ylim(0, 1.02)
ax.set_xlabel("item age as a fraction of the reference time t_r (log scale)")
ax.set_ylabel("mean N(t) / N(t_r) (growth profile)")
ax.set_title("Popularity curves: share of the final count reached with age (synthetic marked)")
ax.legend(fontsize=7)
plots.save(fig, out.popularity_png, out.popularity_pdf)

# 7. SEISMIC on the largest cascade with follower counts
sk = gather("seismic_check")
names = sorted(sk["dataset"].unique()) if len(sk) else []
fig, axes = panels(names, width=5.5, height=4.0)
for ax, d in zip(axes, names, strict=False):
    s = sk[sk["dataset"] == d]
    fin = np.isfinite(s["prediction"])
    ax.plot(s["t"], s["n_obs"], "-", color="C0", label="observed N(t)")
    ax.plot(s["t"][fin], s["prediction"][fin], "o-", ms=3, color="C3", label="SEISMIC final size")
    ax.axhline(s["n_final"].iloc[0], color="k", ls="--", lw=0.8, label="N(t_r)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"observation time t ({unit_label(d)})")
    ax.set_ylabel("retweets (count)")
    ax.set_title(
        f"{plots.label(d, syn.get(d, False))}, n* = {s['n_star'].iloc[0]:.3g}; "
        "missing points: p n* >= 1",
        fontsize=9,
    )
    ax.legend(fontsize=7, loc="lower right")
fig.suptitle("SEISMIC (Zhao et al. 2015) on the largest cascade with follower counts")
plots.save(fig, out.seismic_png, out.seismic_pdf)
log.info("done")
