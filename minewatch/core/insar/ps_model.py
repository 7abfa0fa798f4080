"""A time-series model per PS: what kind of motion each series shows.

Three models are fitted to each series (settlement mm, POSITIVE =
settlement; time in years from the first date), each with an offset, a
linear rate and an annual term (sin/cos: the thermal dilation of
buildings):

- **steady** — nothing else (stable ground, slow regional trends);
- **mining** — plus a ramp r(t) = clip((t − onset)/(stop − onset), 0, 1)
  times an amplitude: a break into fast settlement and, often, a stop
  (onset/stop searched over a grid of dates);
- **consolidation** — plus A·(1 − e^(−t/τ)) from the first date (a new
  building settling on its foundations; τ over a grid of 0.1–1 year).

Fits are robust (Huber weights by iteratively reweighted least squares,
k = 1.345 robust σ), so a few outliers or an unremoved atmosphere date do
not pick the model. The model is chosen by the Bayesian information
criterion of the robust fit (a break must pay for its amplitude, onset and
stop). Everything is vectorised over PS: the onset/stop search shares one
design per date pair across all series.
"""
from dataclasses import dataclass

import numpy as np

STEADY, MINING, CONSOLIDATION = 0, 1, 2
MODEL_NAMES = {STEADY: "steady", MINING: "mining", CONSOLIDATION: "consolidation"}
HUBER_K = 1.345
# continuous parameters of each model: offset, rate, annual sin/cos
# (+ the amplitude of the break or of the consolidation); onset/stop and τ
# are discrete choices, paid for in :func:`bic`
N_PARAMETERS = {STEADY: 4, MINING: 5, CONSOLIDATION: 5}
CONSOLIDATION_TAU_YEARS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0)
# at most this many onset (and stop) positions are tried: ≈ a revisit on
# short series, a few revisits on 200-date series
MAX_BREAK_POSITIONS = 40


@dataclass
class PsModels:
    """Per PS (arrays of n): the chosen ``model`` (STEADY/MINING/
    CONSOLIDATION), the BIC of each (``bic``, (n, 3)), the mining fit's
    ``onset``/``stop`` date indices and ``amplitude_mm`` (settlement of the
    break, positive = settlement), ``rate_mm_per_year`` of the steady
    trend, ``seasonal_mm`` (amplitude of the chosen model's annual term)
    and the fitted
    curve of the chosen model (``fitted``, (n, T))."""

    model: np.ndarray
    bic: np.ndarray
    onset: np.ndarray
    stop: np.ndarray
    amplitude_mm: np.ndarray
    rate_mm_per_year: np.ndarray
    seasonal_mm: np.ndarray
    fitted: np.ndarray


def base_design(t_years):
    """(T, 4) columns: offset, rate (per year), annual sine and cosine."""
    phase = 2.0 * np.pi * t_years
    return np.column_stack([np.ones_like(t_years), t_years, np.sin(phase), np.cos(phase)])


def ramp(t_years, onset, stop):
    """0 before ``onset``, 1 after ``stop`` (years), linear between."""
    return np.clip((t_years - onset) / max(stop - onset, 1e-6), 0.0, 1.0)


def huber_fit(design, series, iterations=6):
    """Robust least squares of each row of ``series`` (n, T; NaN = missing)
    on ``design`` (T, p) or per-row designs (n, T, p). Returns
    (coefficients (n, p), fitted (n, T), robust cost per row: the sum of
    residuals (n, T; 0 where missing) and the robust σ of each row)."""
    valid = np.isfinite(series)
    y = np.where(valid, series, 0.0)
    X = np.broadcast_to(design, (len(series),) + design.shape[-2:]) if design.ndim == 2 else design
    weight = valid.astype(np.float64)
    for _ in range(iterations):
        normal = np.einsum("ntp,nt,ntq->npq", X, weight, X)
        normal += 1e-9 * np.eye(X.shape[-1])
        coef = np.linalg.solve(normal, np.einsum("ntp,nt,nt->np", X, weight, y)[..., None])[..., 0]
        residual = np.where(valid, y - np.einsum("ntp,np->nt", X, coef), 0.0)
        sigma = 1.4826 * _masked_median(np.abs(residual), valid) + 1e-6
        u = np.abs(residual) / (HUBER_K * sigma[:, None])
        weight = np.where(valid, np.minimum(1.0, 1.0 / np.maximum(u, 1e-12)), 0.0)
    fitted = np.einsum("ntp,np->nt", X, coef)
    return coef, fitted, residual, sigma


def _masked_median(values, valid):
    """Median of each row over its valid entries (0 where none)."""
    masked = np.where(valid, values, np.nan)
    out = np.zeros(len(values))
    has = valid.any(1)
    if has.any():
        out[has] = np.nanmedian(masked[has], axis=1)
    return out


def huber_rho(u):
    """Huber's loss of standardised residuals ``u`` (quadratic within
    ±k, linear beyond)."""
    a = np.abs(u)
    return np.where(a <= HUBER_K, 0.5 * a ** 2, HUBER_K * a - 0.5 * HUBER_K ** 2)


def bic(residual, sigma, n_valid, n_parameters, n_choices=1):
    """Robust Bayesian information criterion of a fit: 2 Σ ρ(r/σ) +
    p log n + 2 log(choices), with one noise scale ``sigma`` per row shared
    by the models compared (so a model cannot win by inflating its own σ);
    ``n_choices`` is how many discrete variants were searched (onset/stop
    pairs, τ values), which a model pays for as a description length."""
    cost = huber_rho(residual / sigma[:, None]).sum(1)
    return (2.0 * cost + n_parameters * np.log(np.maximum(n_valid, 2))
            + 2.0 * np.log(n_choices))


def _best_break(series, t_years, base):
    """Onset/stop date indices whose ramp best explains each row by plain
    least squares (the search; the robust fit follows at that pair), and
    the number of pairs tried."""
    T = len(t_years)
    positions = np.unique(np.linspace(0, T - 1, min(T, MAX_BREAK_POSITIONS)).round().astype(int))
    filled = np.where(np.isfinite(series), series,
                      np.nanmedian(series, axis=1, keepdims=True) if series.size else 0.0)
    filled = np.nan_to_num(filled)
    energy = (filled ** 2).sum(1)
    best = np.full(len(series), np.inf)
    onset = np.zeros(len(series), np.int64)
    stop = np.full(len(series), T - 1, np.int64)
    for a in positions[:-1]:
        for b in positions[positions > a]:
            if a == 0 and b == T - 1:
                continue  # a ramp over the whole series is the rate column itself
            X = np.column_stack([base, ramp(t_years, t_years[a], t_years[b])])
            q, _ = np.linalg.qr(X)
            rss = energy - ((filled @ q) ** 2).sum(1)
            better = rss < best
            best[better], onset[better], stop[better] = rss[better], a, b
    return onset, stop, max(1, len(positions) * (len(positions) - 1) // 2 - 1)


def fit_ps_models(series, dates):
    """Fit the three models to each row of ``series`` (n, T) settlement mm
    on ``dates`` (datetime64[D]) and pick one by BIC. Returns
    :class:`PsModels`."""
    series = np.asarray(series, np.float64)
    dates = np.asarray(dates, "datetime64[D]")
    t_years = (dates - dates[0]).astype(np.float64) / 365.25
    n, T = series.shape
    base = base_design(t_years)
    n_valid = np.isfinite(series).sum(1)
    steady_coef, steady_fit, steady_residual, steady_sigma = huber_fit(base, series)

    onset, stop, n_pairs = _best_break(series, t_years, base)
    mining_design = np.empty((n, T, 5))
    mining_design[:, :, :4] = base
    for i in range(n):
        mining_design[i, :, 4] = ramp(t_years, t_years[onset[i]], t_years[stop[i]])
    mining_coef, mining_fit, mining_residual, mining_sigma = huber_fit(mining_design, series)

    consolidation_sigma = np.full(n, np.inf)
    consolidation_coef = np.zeros((n, 5))
    consolidation_fit = np.zeros((n, T))
    consolidation_residual = np.zeros((n, T))
    for tau in CONSOLIDATION_TAU_YEARS:
        X = np.column_stack([base, 1.0 - np.exp(-t_years / tau)])
        coef, fit, residual, sigma = huber_fit(X, series)
        better = sigma < consolidation_sigma
        consolidation_sigma[better] = sigma[better]
        consolidation_coef[better] = coef[better]
        consolidation_fit[better], consolidation_residual[better] = fit[better], residual[better]

    # the noise is what the best-fitting model leaves
    sigma = np.minimum(np.minimum(steady_sigma, mining_sigma), consolidation_sigma)
    scores = np.column_stack([
        bic(steady_residual, sigma, n_valid, N_PARAMETERS[STEADY]),
        bic(mining_residual, sigma, n_valid, N_PARAMETERS[MINING], n_pairs),
        bic(consolidation_residual, sigma, n_valid, N_PARAMETERS[CONSOLIDATION],
            len(CONSOLIDATION_TAU_YEARS))])
    # a break into uplift is no mining
    scores[mining_coef[:, 4] <= 0, MINING] = np.inf
    model = np.argmin(scores, axis=1)
    fitted = np.choose(model[:, None], [steady_fit, mining_fit, consolidation_fit])
    # the annual term of the chosen model (a misfit steady model would take
    # part of a mining ramp for a season)
    annual = np.choose(model[:, None], [steady_coef[:, 2:4], mining_coef[:, 2:4],
                                         consolidation_coef[:, 2:4]])
    return PsModels(model=model, bic=scores, onset=onset, stop=stop,
                    amplitude_mm=mining_coef[:, 4], rate_mm_per_year=steady_coef[:, 1],
                    seasonal_mm=np.hypot(annual[:, 0], annual[:, 1]),
                    fitted=fitted.astype(np.float32))


__all__ = ["CONSOLIDATION", "MINING", "MODEL_NAMES", "PsModels", "STEADY", "base_design",
           "bic", "fit_ps_models", "huber_fit", "ramp"]
