#!/usr/bin/env python3
"""wattsim report: one self-contained HTML page and PNG + SVG figures for a wattsim output folder.

    wattsim_report.py DIR [-o OUT]

DIR is a run (summary.json, timeseries.csv), a comparison (compare.json) or a sweep (sweep.json);
the page and figures go to OUT (default DIR/report/). The page embeds its figures (PNG, base64) and
its style, so it opens offline and fetches nothing. Figures: docs/user-guide.md, "Reports".
Needs matplotlib and pandas (Debian: python3-matplotlib python3-pandas; tools/setup.sh installs them).
"""

import argparse
import base64
import html
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# Longest trace drawn point by point; longer ones are drawn as bin means with a min-max band, so a
# one-year 1-minute trace costs the same to draw as a week.
MAX_POINTS = 2000
PHASES = ["productive", "checkpoint", "lost", "restart"]
PHASE_COLORS = {"productive": "#4c72b0", "checkpoint": "#dd8452", "lost": "#c44e52", "restart": "#8172b3"}


class Report:
    def __init__(self, out_dir, title):
        self.out_dir = out_dir
        self.title = title
        self.sections = []  # (heading, [html parts])
        os.makedirs(out_dir, exist_ok=True)

    def section(self, heading):
        self.sections.append((heading, []))

    def text(self, s):
        self.sections[-1][1].append(f"<p>{html.escape(s)}</p>")

    def table(self, header, rows):
        parts = ["<table><thead><tr>"]
        parts += [f"<th>{html.escape(str(h))}</th>" for h in header]
        parts.append("</tr></thead><tbody>")
        for r in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>")
        parts.append("</tbody></table>")
        self.sections[-1][1].append("".join(parts))

    def figure(self, fig, name, caption):
        png = os.path.join(self.out_dir, name + ".png")
        fig.savefig(png, dpi=110, bbox_inches="tight")
        fig.savefig(os.path.join(self.out_dir, name + ".svg"), bbox_inches="tight")
        plt.close(fig)
        with open(png, "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        self.sections[-1][1].append(
            f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)} (<a href=\"{name}.svg\">SVG</a>, "
            f"<a href=\"{name}.png\">PNG</a>)</figcaption></figure>")

    def write(self):
        body = []
        for heading, parts in self.sections:
            body.append(f"<section><h2>{html.escape(heading)}</h2>{''.join(parts)}</section>")
        page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(self.title)}</title>
<style>
body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 1px solid #ccc; padding-bottom: .2em; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: .9em; }}
th, td {{ border: 1px solid #ddd; padding: .25em .6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
figure {{ margin: 1em 0; }} img {{ max-width: 100%; }} figcaption {{ color: #555; font-size: .9em; }}
</style></head>
<body data-images="pending">
<h1>{html.escape(self.title)}</h1>
{''.join(body)}
<footer><p>Made by <code>wattsim report</code> from the files in this folder; figures as SVG and PNG beside this page.</p></footer>
<script>
// Marks the page when every figure has decoded, so a headless browser can check it.
window.addEventListener("load", function () {{
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) {{ return !i.complete || i.naturalWidth === 0; }});
  document.body.setAttribute("data-images", broken.length ? "broken:" + broken.length : "ok:" + imgs.length);
}});
</script>
</body></html>
"""
        path = os.path.join(self.out_dir, "report.html")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(page)
        os.replace(tmp, path)
        return path


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fmt(v, digits=4):
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    if isinstance(v, (int, float)):
        return f"{v:.{digits}g}"
    return str(v)


# ---------------------------------------------------------------------------------------------- traces

def read_trace(run_dir, columns):
    """The trace's wanted columns that exist (read only those: a one-year trace is large)."""
    path = os.path.join(run_dir, "timeseries.csv")
    if not os.path.exists(path):
        return None
    header = pd.read_csv(path, nrows=0).columns
    use = [c for c in ["time_s"] + columns if c in header]
    return pd.read_csv(path, usecols=use, engine="c")


def time_axis(run_dir, t_s):
    """Calendar dates when the run has a start (summary.json `start`), else days."""
    summary_path = os.path.join(run_dir, "summary.json")
    start = read_json(summary_path).get("start") if os.path.exists(summary_path) else None
    t = np.asarray(t_s, dtype=float)
    if start:
        base = np.datetime64(start.rstrip("Z"), "s")
        return base + t.astype("timedelta64[s]"), "date (UTC)"
    return t / 86400.0, "time (days)"


def binned(x, y):
    """(x, mean, min, max) in at most MAX_POINTS bins: the mean keeps the energy, the band the peaks."""
    n = len(y)
    if n <= MAX_POINTS:
        return x, y, None, None
    k = int(math.ceil(n / MAX_POINTS))
    m = n // k * k
    yy = np.asarray(y[:m], dtype=float).reshape(-1, k)
    return np.asarray(x[:m])[::k], yy.mean(axis=1), yy.min(axis=1), yy.max(axis=1)


def plot_series(ax, x, y, label, color=None):
    bx, mean, lo, hi = binned(x, np.asarray(y, dtype=float))
    # Each row is the mean over the interval that starts at its time: a step, not a ramp.
    line, = ax.plot(bx, mean, label=label, color=color, lw=1.2, drawstyle="steps-post")
    if lo is not None:
        ax.fill_between(bx, lo, hi, color=line.get_color(), alpha=0.2, lw=0, step="post")


# ------------------------------------------------------------------------------------------------ runs

def run_figures(rep, run_dir, prefix="", label=""):
    s = read_json(os.path.join(run_dir, "summary.json"))
    tag = f" - {label}" if label else ""
    rep.section(f"Run {s.get('scenario', '')}{tag}")
    rows = [["simulated", fmt(s.get("simulated_days")) + " d"],
            ["IT energy", fmt(s.get("it_energy_kwh")) + " kWh"],
            ["facility energy", fmt(s.get("facility_energy_kwh")) + " kWh"],
            ["PUE", fmt(s.get("pue"))],
            ["peak facility power", fmt(s.get("peak_facility_kw")) + " kW"],
            ["water on site / total", f"{fmt(s.get('water_onsite_m3'))} / {fmt(s.get('water_total_m3'))} m³"],
            ["carbon", fmt(s.get("carbon_kg")) + " kg CO2e"],
            ["cost", f"{fmt(s.get('cost'))} {s.get('currency', '')}"],
            ["throttled GPU time", fmt(s.get("throttled_gpu_hours")) + " GPU-h"]]
    if s.get("start"):
        rows.insert(0, ["start", s["start"]])
    rep.table(["quantity", "value"], rows)

    tr = read_trace(run_dir, ["it_kw", "facility_kw", "pue", "water_makeup_l_per_h", "water_evaporation_l_per_h",
                              "gpus_productive", "gpus_checkpoint_stall", "gpus_lost", "gpus_restart", "dry_bulb_c"])
    if tr is not None and len(tr):
        x, xlabel = time_axis(run_dir, tr["time_s"])
        fig, ax = plt.subplots(figsize=(10, 3.6))
        for col, lab in (("facility_kw", "facility"), ("it_kw", "IT")):
            if col in tr:
                plot_series(ax, x, tr[col] / 1e3, lab)
        ax.set_ylabel("power (MW)")
        ax.set_xlabel(xlabel)
        ax.legend(loc="best")
        ax.grid(alpha=0.3)
        fig.autofmt_xdate()
        rep.figure(fig, prefix + "power", "Facility and IT power over time (interval means; band: min-max per bin)")

        water_col = next((c for c in ("water_makeup_l_per_h", "water_evaporation_l_per_h") if c in tr and tr[c].abs().sum() > 0), None)
        panels = [c for c in ("pue",) if c in tr] + ([water_col] if water_col else [])
        if panels:
            fig, axes = plt.subplots(len(panels), 1, figsize=(10, 2.8 * len(panels)), sharex=True, squeeze=False)
            for ax, col in zip(axes[:, 0], panels):
                plot_series(ax, x, tr[col] / (1e3 if col != "pue" else 1), col)
                ax.set_ylabel("PUE" if col == "pue" else "water (m³/h)")
                ax.grid(alpha=0.3)
                ax.legend(loc="best")
            axes[-1, 0].set_xlabel(xlabel)
            fig.autofmt_xdate()
            rep.figure(fig, prefix + "pue_water", "PUE and on-site water over time")

        gcols = [c for c in ("gpus_productive", "gpus_checkpoint_stall", "gpus_lost", "gpus_restart") if c in tr]
        if gcols and tr[gcols].to_numpy().sum() > 0:
            fig, ax = plt.subplots(figsize=(10, 3.2))
            xs = None
            ys = []
            for c in gcols:
                xs, mean, _, _ = binned(x, tr[c].to_numpy(dtype=float))
                ys.append(mean)
            ax.stackplot(xs, ys, labels=[c.replace("gpus_", "") for c in gcols],
                         colors=[PHASE_COLORS.get(c.replace("gpus_", "").replace("_stall", ""), None) for c in gcols])
            ax.set_ylabel("GPUs")
            ax.set_xlabel(xlabel)
            ax.legend(loc="lower right", fontsize=8)
            ax.grid(alpha=0.3)
            fig.autofmt_xdate()
            rep.figure(fig, prefix + "gpu_states", "GPUs by state: productive, checkpoint stalls, work lost to failures, restarts")

    energy_breakdown(rep, s, prefix)
    overhead_figure(rep, s, prefix)
    inference_figure(rep, run_dir, prefix)
    vs_fifo_table(rep, s)
    return s


def vs_fifo_table(rep, s):
    """A carbon- or price-aware run against the same scenario first come, first served (summary.json vs_fifo)."""
    v = s.get("vs_fifo")
    if not v:
        return
    site, flex = v["site"], v["flexible"]
    cur = s.get("currency", "")
    rep.section("Against first come, first served")
    rep.text("The same scenario simulated again without deferral, pausing or slowing, in the same invocation.")
    rep.table(["", "this run", "FIFO", "saved"],
              [["site carbon (kg CO2e)", fmt(site["carbon_kg"]), fmt(site["carbon_kg_fifo"]), fmt(site["carbon_saved_kg"])],
               [f"site cost ({cur})", fmt(site["cost"]), fmt(site["cost_fifo"]), fmt(site["cost_saved"])],
               ["flexible jobs' carbon (kg CO2e)", fmt(flex["carbon_kg"]), fmt(flex["carbon_kg_fifo"]), fmt(flex["carbon_saved_kg"])],
               [f"flexible jobs' cost ({cur})", fmt(flex["cost"]), fmt(flex["cost_fifo"]), fmt(flex["cost_saved"])]])
    rows = [[j["name"], fmt(j["carbon_saved_kg"]), fmt(j["cost_saved"]),
             "" if j["delay_s"] is None else fmt(j["delay_s"] / 3600)] for j in v["flexible_jobs"]]
    rows.append(["total", fmt(flex["carbon_saved_kg"]), fmt(flex["cost_saved"]), fmt(flex["delay_job_hours"])])
    rep.table(["flexible job", "carbon saved (kg)", f"cost saved ({cur})", "delay (h)"], rows)


def breakdown_parts(s):
    parts = {"IT": s.get("it_energy_kwh") or 0}
    comp = s.get("cooling_energy_kwh_by_component") or {}
    if comp:
        for k, v in comp.items():
            if v:
                parts["cooling: " + k] = v
    elif s.get("cooling_energy_kwh"):
        parts["cooling"] = s["cooling_energy_kwh"]
    if s.get("distribution_loss_kwh"):
        parts["distribution losses"] = s["distribution_loss_kwh"]
    if s.get("other_load_kwh"):
        parts["other"] = s["other_load_kwh"]
    rest = (s.get("facility_energy_kwh") or 0) - sum(parts.values())
    if rest > 1e-6 * max(1.0, s.get("facility_energy_kwh") or 0):
        parts["overhead (fixed PUE)"] = rest
    return parts


def energy_breakdown(rep, s, prefix):
    parts = breakdown_parts(s)
    if not parts or sum(parts.values()) <= 0:
        return
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(parts) + 1.2))
    names = list(parts)
    ax.barh(names, [parts[n] / 1e3 for n in names], color="#4c72b0")
    ax.invert_yaxis()
    ax.set_xlabel("energy (MWh)")
    ax.grid(alpha=0.3, axis="x")
    rep.figure(fig, prefix + "energy_breakdown", "Where the facility's energy went")


def overhead_figure(rep, s, prefix):
    jobs = [j for j in s.get("jobs", []) if isinstance(j.get("energy_kwh_by_phase"), dict)]
    if not jobs:
        return
    jobs = sorted(jobs, key=lambda j: -(j.get("energy_kwh") or 0))[:20]
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.4 * len(jobs) + 1.6), sharey=True)
    names = [j["name"] for j in jobs]
    for ax, key, unit in ((axes[0], "energy_kwh_by_phase", "energy (MWh)"), (axes[1], "gpu_hours_by_phase", "GPU-hours")):
        left = np.zeros(len(jobs))
        scale = 1e-3 if key.startswith("energy") else 1.0
        for ph in PHASES:
            vals = np.array([(j.get(key) or {}).get(ph, 0) or 0 for j in jobs], dtype=float) * scale
            ax.barh(names, vals, left=left, label=ph, color=PHASE_COLORS[ph])
            left += vals
        ax.set_xlabel(unit)
        ax.grid(alpha=0.3, axis="x")
    axes[0].invert_yaxis()
    axes[1].legend(loc="lower right", fontsize=8)
    rep.figure(fig, prefix + "overheads", "Failure and checkpoint overheads per job (largest 20 jobs)")


def inference_figure(rep, run_dir, prefix):
    """inference.csv (docs/outputs/inference.md) when present: every numeric column over time, by fleet
    when there is a fleet column. Tolerant of the columns it finds."""
    path = os.path.join(run_dir, "inference.csv")
    if not os.path.exists(path):
        return
    try:
        df = pd.read_csv(path)
    except Exception as e:  # a malformed file must not sink the report
        rep.text(f"inference.csv could not be read: {e}")
        return
    tcol = next((c for c in ("time_s", "t_s", "start_s") if c in df), None)
    if tcol is None or df.empty:
        return
    group = next((c for c in ("fleet", "name", "model", "service") if c in df and df[c].dtype == object), None)
    numeric = [c for c in df.columns if c not in (tcol, group) and pd.api.types.is_numeric_dtype(df[c])][:6]
    if not numeric:
        return
    x, xlabel = time_axis(run_dir, df[tcol])
    fig, axes = plt.subplots(len(numeric), 1, figsize=(10, 2.3 * len(numeric)), sharex=True, squeeze=False)
    for ax, col in zip(axes[:, 0], numeric):
        if group:
            for g, sub in df.groupby(group):
                plot_series(ax, x[sub.index.to_numpy()], sub[col].to_numpy(dtype=float), str(g))
            ax.legend(loc="best", fontsize=7)
        else:
            plot_series(ax, x, df[col].to_numpy(dtype=float), col)
        ax.set_ylabel(col, fontsize=8)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel(xlabel)
    fig.autofmt_xdate()
    rep.figure(fig, prefix + "inference", "Inference fleets (inference.csv)")


# ------------------------------------------------------------------------------------------ comparisons

def compare_report(rep, d):
    doc = read_json(os.path.join(d, "compare.json"))
    names = [sc["name"] for sc in doc["scenarios"]]
    seeds = doc.get("seeds", 1)
    rep.section("Comparison")
    rep.text(f"Baseline {doc['baseline']}; " + (f"mean ± standard deviation over {seeds} seeds." if seeds > 1 else "one seed."))
    header = ["metric", "unit"] + names + [f"{n} vs {names[0]}" for n in names[1:]]
    rows = []
    for m in doc["metrics"]:
        spread = m.get("spread") or [None] * len(names)
        vals = [fmt(v) + (f" ± {fmt(sd, 2)}" if seeds > 1 and sd is not None else "") for v, sd in zip(m["values"], spread)]
        rel = [("-" if r is None else f"{100 * r:+.1f}%") if dv is not None else "-" for dv, r in zip(m["difference"], m["relative"])]
        rows.append([m["metric"], m["unit"]] + vals + rel)
    rep.table(header, rows)

    # Metrics relative to the baseline, with the seeds' spread.
    ms = [m for m in doc["metrics"] if m["values"][0] not in (None, 0) and all(v is not None for v in m["values"])]
    if ms:
        fig, ax = plt.subplots(figsize=(10, 0.5 * len(ms) + 1.5))
        h = 0.8 / len(names)
        for i, n in enumerate(names):
            ratio = [m["values"][i] / m["values"][0] for m in ms]
            err = [((m.get("spread") or [0] * len(names))[i] or 0) / abs(m["values"][0]) for m in ms]
            ax.barh(np.arange(len(ms)) + i * h, ratio, height=h, xerr=err if seeds > 1 else None, label=n)
        ax.set_yticks(np.arange(len(ms)) + h * (len(names) - 1) / 2)
        ax.set_yticklabels([m["metric"] for m in ms], fontsize=8)
        ax.axvline(1.0, color="k", lw=0.8)
        ax.invert_yaxis()
        ax.set_xlabel(f"relative to {names[0]}")
        ax.legend(loc="best", fontsize=8)
        ax.grid(alpha=0.3, axis="x")
        rep.figure(fig, "compare_metrics", "Each metric relative to the baseline (error bars: the seeds' standard deviation)")

    # Designs side by side: first seed of each scenario.
    dirs = {}
    for r in doc.get("runs", []):
        dirs.setdefault(r["scenario"], os.path.join(d, r["dir"]))
    if not dirs:
        dirs = {n: os.path.join(d, n) for n in names}
    dirs = {n: p for n, p in dirs.items() if os.path.exists(os.path.join(p, "summary.json"))}
    if not dirs:
        return
    rep.section("Designs side by side")
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    xlabel = "time"
    for n, p in dirs.items():
        tr = read_trace(p, ["facility_kw", "pue"])
        if tr is None or not len(tr):
            continue
        x, xlabel = time_axis(p, tr["time_s"])
        if "facility_kw" in tr:
            plot_series(axes[0], x, tr["facility_kw"] / 1e3, n)
        if "pue" in tr:
            plot_series(axes[1], x, tr["pue"], n)
    axes[0].set_ylabel("facility power (MW)")
    axes[1].set_ylabel("PUE")
    axes[1].set_xlabel(xlabel)
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    rep.figure(fig, "compare_power_pue", "Facility power and PUE of each design over time (first seed)")

    summaries = {n: read_json(os.path.join(p, "summary.json")) for n, p in dirs.items()}
    parts = {n: breakdown_parts(s) for n, s in summaries.items()}
    keys = []
    for pp in parts.values():
        keys += [k for k in pp if k not in keys]
    fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(parts) + 3), 4.5))
    bottom = np.zeros(len(parts))
    for k in keys:
        vals = np.array([parts[n].get(k, 0) / 1e3 for n in parts])
        ax.bar(list(parts), vals, bottom=bottom, label=k)
        bottom += vals
    ax.set_ylabel("energy (MWh)")
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize=7)
    ax.grid(alpha=0.3, axis="y")
    rep.figure(fig, "compare_energy", "Energy breakdown of each design (first seed)")
    water = {n: (s.get("water_onsite_m3") or 0, s.get("water_offsite_m3") or 0) for n, s in summaries.items()}
    if any(a + b > 0 for a, b in water.values()):
        fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(water) + 2), 3.5))
        ax.bar(list(water), [w[0] for w in water.values()], label="on site")
        ax.bar(list(water), [w[1] for w in water.values()], bottom=[w[0] for w in water.values()], label="off site (power generation)")
        ax.set_ylabel("water (m³)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3, axis="y")
        rep.figure(fig, "compare_water", "Water on and off site of each design (first seed)")


# ----------------------------------------------------------------------------------------------- sweeps

def as_number(text):
    try:
        return float(str(text).split()[0])
    except (ValueError, IndexError):
        return None


def pareto_mask(points):
    """Non-dominated rows of `points` (minimise every column)."""
    n = len(points)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        if not keep[i]:
            continue
        dominated = np.all(points <= points[i], axis=1) & np.any(points < points[i], axis=1)
        if dominated.any():
            keep[i] = False
    return keep


def sweep_report(rep, d):
    doc = read_json(os.path.join(d, "sweep.json"))
    variants = doc["variants"]
    outputs = doc.get("outputs") or (list(variants[0].get("keys", {})) if variants else [])
    keys = []
    for a in doc["axes"]:
        keys += a.get("keys") or [a["key"]]
    rep.section(f"Sweep of {doc['scenario']}")
    rep.text(f"{len(variants)} points × {doc['seeds']} seeds; {len(doc.get('failures', []))} runs failed. "
             f"Means with their {100 * doc.get('confidence', 0.95):.0f}% confidence interval (Student t).")
    rows = []
    for i, v in enumerate(variants):
        row = [i] + list(v["values"])
        for k in outputs:
            st = v.get("keys", {}).get(k, {})
            row.append(fmt(st.get("mean")) + (f" ± {fmt(st.get('std'), 2)}" if doc["seeds"] > 1 and st.get("std") is not None else ""))
        rows.append(row)
    rep.table(["#"] + keys + outputs, rows[:500])
    if doc.get("failures"):
        rep.table(["run", "seed", "error"], [[f["id"], f["seed"], f["error"]] for f in doc["failures"]])

    numeric_axes = [i for i, k in enumerate(keys) if all(as_number(v["values"][i]) is not None for v in variants)]

    def stat(v, k, name):
        x = v.get("keys", {}).get(k, {}).get(name)
        return np.nan if x is None else x

    # Line plots: each output against each numeric axis; the other axes' points as separate lines.
    for ai in numeric_axes[:3]:
        others = [j for j in range(len(keys)) if j != ai]
        groups = {}
        for v in variants:
            groups.setdefault(tuple(v["values"][j] for j in others), []).append(v)
        if len(groups) > 12:
            continue
        outs = outputs[:6]
        fig, axes = plt.subplots(len(outs), 1, figsize=(8, 2.6 * len(outs)), sharex=True, squeeze=False)
        for ax, k in zip(axes[:, 0], outs):
            for g, vs in groups.items():
                vs = sorted(vs, key=lambda v: as_number(v["values"][ai]))
                x = [as_number(v["values"][ai]) for v in vs]
                y = np.array([stat(v, k, "mean") for v in vs])
                lo = np.array([stat(v, k, "ci_low") for v in vs])
                hi = np.array([stat(v, k, "ci_high") for v in vs])
                lab = ", ".join(f"{keys[j]}={val}" for j, val in zip(others, g)) or None
                line, = ax.plot(x, y, marker="o", label=lab)
                if np.isfinite(lo).any():
                    ax.fill_between(x, lo, hi, color=line.get_color(), alpha=0.2, lw=0)
            ax.set_ylabel(k, fontsize=8)
            ax.grid(alpha=0.3)
            if len(groups) > 1:
                ax.legend(fontsize=7)
        axes[-1, 0].set_xlabel(keys[ai])
        rep.figure(fig, f"sweep_lines_{ai}", f"Outputs against {keys[ai]} (mean over seeds, band: confidence interval)")

    # Heatmap of the first output over the first two numeric axes (other axes averaged).
    if len(numeric_axes) >= 2 and outputs:
        a, b = numeric_axes[:2]
        xs = sorted({as_number(v["values"][a]) for v in variants})
        ys = sorted({as_number(v["values"][b]) for v in variants})
        if len(xs) * len(ys) <= 10000:
            for k in outputs[:2]:
                grid = np.full((len(ys), len(xs)), np.nan)
                count = np.zeros_like(grid)
                for v in variants:
                    i, j = ys.index(as_number(v["values"][b])), xs.index(as_number(v["values"][a]))
                    m = stat(v, k, "mean")
                    if np.isfinite(m):
                        grid[i, j] = m if count[i, j] == 0 else grid[i, j] + m
                        count[i, j] += 1
                grid = np.where(count > 0, grid / np.maximum(count, 1), np.nan)
                fig, ax = plt.subplots(figsize=(7, 5))
                im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
                ax.set_xticks(range(len(xs)))
                ax.set_xticklabels([f"{x:g}" for x in xs], fontsize=7, rotation=45)
                ax.set_yticks(range(len(ys)))
                ax.set_yticklabels([f"{y:g}" for y in ys], fontsize=7)
                ax.set_xlabel(keys[a])
                ax.set_ylabel(keys[b])
                fig.colorbar(im, ax=ax, label=k)
                rep.figure(fig, f"sweep_heatmap_{k.replace('.', '_')}", f"{k} over {keys[a]} and {keys[b]} (mean over seeds)")

    # Pareto front: energy vs water vs time to train, per point (means over seeds of the runs' summaries).
    pareto_report(rep, d, doc, keys)


def pareto_report(rep, d, doc, keys):
    runs_dir = os.path.join(d, "runs")
    if not os.path.isdir(runs_dir):
        return
    wanted = [("facility_energy_kwh", "facility energy (MWh)", 1e-3), ("water_total_m3", "water (m³)", 1.0),
              ("time_to_train", "time to train of the first job (d)", 1 / 86400)]
    per_point = {}
    for name in os.listdir(runs_dir):
        if not name.endswith(".json") or name.endswith(".failed.json") or name.startswith("."):
            continue
        rec = read_json(os.path.join(runs_dir, name))
        s = rec.get("summary", {})
        ttt = (s.get("jobs") or [{}])[0].get("time_to_train_s")
        vals = [s.get("facility_energy_kwh"), s.get("water_total_m3"), ttt]
        per_point.setdefault(rec.get("point", 0), []).append(vals)
    if not per_point:
        return
    pts = sorted(per_point)
    data = np.array([[np.nan if any(r[c] is None for r in per_point[p]) else np.mean([r[c] for r in per_point[p]])
                      for c in range(3)] for p in pts], dtype=float)
    cols = [c for c in range(3) if np.isfinite(data[:, c]).all() and np.ptp(data[:, c]) > 0]
    if len(cols) < 2:
        rep.text("No Pareto front: fewer than two of facility energy, water and time to train vary across the points.")
        return
    sub = data[:, cols]
    front = pareto_mask(sub)
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    x, y = sub[:, 0] * wanted[cols[0]][2], sub[:, 1] * wanted[cols[1]][2]
    if len(cols) == 3:
        sc = ax.scatter(x, y, c=sub[:, 2] * wanted[cols[2]][2], cmap="viridis", s=30, alpha=0.8)
        fig.colorbar(sc, ax=ax, label=wanted[cols[2]][1])
    else:
        ax.scatter(x, y, s=30, alpha=0.6, color="#888")
    order = np.argsort(x[front])
    ax.plot(x[front][order], y[front][order], "r-", lw=1, alpha=0.6)
    ax.scatter(x[front], y[front], s=80, facecolors="none", edgecolors="r", label="Pareto-optimal")
    ax.set_xlabel(wanted[cols[0]][1])
    ax.set_ylabel(wanted[cols[1]][1])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    rep.figure(fig, "sweep_pareto", "Pareto front over " + ", ".join(wanted[c][1] for c in cols) +
               " (points not bettered in all of them; each a mean over its seeds)")
    rep.table(["point"] + [wanted[c][1] for c in cols],
              [[pts[i]] + [fmt(sub[i, j] * wanted[cols[j]][2]) for j in range(len(cols))] for i in np.flatnonzero(front)])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("-o", "--output", help="folder for report.html and the figures (default DIR/report)")
    a = ap.parse_args(argv)
    d = a.dir
    out = a.output or os.path.join(d, "report")
    if os.path.exists(os.path.join(d, "sweep.json")):
        rep = Report(out, f"wattsim sweep report: {os.path.basename(os.path.abspath(d))}")
        sweep_report(rep, d)
    elif os.path.exists(os.path.join(d, "compare.json")):
        rep = Report(out, f"wattsim comparison report: {os.path.basename(os.path.abspath(d))}")
        compare_report(rep, d)
    elif os.path.exists(os.path.join(d, "summary.json")):
        rep = Report(out, f"wattsim run report: {read_json(os.path.join(d, 'summary.json')).get('scenario', d)}")
        run_figures(rep, d)
    else:
        print(f"error: {d}: not a wattsim output folder (no summary.json, compare.json or sweep.json)", file=sys.stderr)
        return 2
    path = rep.write()
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
