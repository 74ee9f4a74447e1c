"""Hyperparameter tuning of a model version on DuckDB (meta.dwhml.tuning, validated by macros/ml_config.sql's
tuning_config): Optuna's TPE sampler proposes the hyperparameters, each trial is fitted on part of the training
rows and scored on the rest (a validation split, or K folds), and the best trial's hyperparameters are refitted
on all training rows by the caller. The training rows never include the test rows of data_split_column: the
materialization exports the SELECT without them (split_training_sql), so no trial can see them.

The split is keyed by something stable whatever order the rows were exported in: a text's id (long-format
models) or the row's own values (vector models), through the package's md5 bucket (embeddings/split.py)."""
from __future__ import annotations

import time

import numpy as np

# The objective names are the quality gate's metrics (macros/ml_config.sql's quality_gate_config); a test
# compiles that list and requires these equal.
METRICS = {
    "binary_classification": ("f1", "roc_auc", "accuracy", "precision", "recall", "log_loss"),
    "multiclass_classification": ("macro_f1", "accuracy", "macro_precision", "macro_recall"),
    "regression": ("rmse", "mae"),
}
LOWER_IS_BETTER = ("rmse", "mae", "log_loss")
# What a trial's status says (the trials table's words for Optuna's states).
STATUSES = {"COMPLETE": "completed", "FAIL": "failed", "PRUNED": "pruned"}
# Salted so that the validation rows are not the rows of another md5-bucket split of the same ids.
SPLIT_SALT = "dwhml-validation:"


def metrics(problem_type: str, y: np.ndarray, scores: np.ndarray) -> dict:
    """Every metric of the problem type: `y` class indices (a value for regression), `scores` the class
    probabilities n x classes (a prediction for regression). Binary: the positive class is index 1, predicted
    at probability >= 0.5 (as the SQL metrics count it)."""
    from sklearn import metrics as m

    if problem_type == "regression":
        error = scores - y
        return {"rmse": float(np.sqrt(np.mean(error ** 2))), "mae": float(np.mean(np.abs(error)))}
    if problem_type == "binary_classification":
        predicted = (scores[:, 1] >= 0.5).astype(int)
        both = len(np.unique(y)) == 2
        return {"f1": float(m.f1_score(y, predicted, zero_division=0)),
                "roc_auc": float(m.roc_auc_score(y, scores[:, 1])) if both else float("nan"),
                "accuracy": float(m.accuracy_score(y, predicted)),
                "precision": float(m.precision_score(y, predicted, zero_division=0)),
                "recall": float(m.recall_score(y, predicted, zero_division=0)),
                "log_loss": float(m.log_loss(y, np.clip(scores[:, 1], 1e-15, 1 - 1e-15), labels=[0, 1]))}
    predicted = np.argmax(scores, axis=1)
    return {"macro_f1": float(m.f1_score(y, predicted, average="macro", zero_division=0)),
            "accuracy": float(m.accuracy_score(y, predicted)),
            "macro_precision": float(m.precision_score(y, predicted, average="macro", zero_division=0)),
            "macro_recall": float(m.recall_score(y, predicted, average="macro", zero_division=0))}


def validation_splits(keys, validation: dict) -> list[tuple[np.ndarray, np.ndarray]]:
    """(fit rows, validation rows) index pairs over `keys` (one stable key per row): with {'folds': K} each row
    is validated once across K folds, with {'fraction': f} the rows whose bucket falls under f are validated."""
    from embeddings.split import hash_bucket

    buckets = np.fromiter((hash_bucket(SPLIT_SALT + str(k)) for k in keys), np.int64, len(keys))
    if "folds" in validation:
        fold = buckets % validation["folds"]
        pairs = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(validation["folds"])]
    else:
        held = buckets < round(validation["fraction"] * 100)
        pairs = [(np.flatnonzero(~held), np.flatnonzero(held))]
    for fit_rows, valid_rows in pairs:
        if len(fit_rows) == 0 or len(valid_rows) == 0:
            raise ValueError(f"tuning needs rows to fit and to validate on; the split {validation} of "
                             f"{len(keys)} training rows leaves {len(fit_rows)} and {len(valid_rows)}")
    return pairs


def row_keys(matrix: np.ndarray, y: np.ndarray) -> list[str]:
    """A key per row of a vector model's training rows (no id): its values and target as bytes, so the same
    rows fall in the same split whatever order they were exported in."""
    whole = np.ascontiguousarray(np.column_stack([matrix.astype(np.float32), y.astype(np.float32)]))
    return [row.tobytes().hex() for row in whole]


def _inside(value, space: dict) -> bool:
    if "candidates" in space:
        return value in space["candidates"]
    low, high = space["range"]
    return not isinstance(value, str) and low <= value <= high


def _suggest(trial, name: str, space: dict, default):
    if "candidates" in space:
        return trial.suggest_categorical(name, list(space["candidates"]))
    low, high = space["range"]
    log = bool(space.get("log", False))
    if isinstance(default, int):
        return trial.suggest_int(name, int(low), int(high), log=log)
    return trial.suggest_float(name, float(low), float(high), log=log)


def tune(params: dict, tuning: dict, splits, fit_and_score) -> dict:
    """Run the study: `params` the model's hyperparameters (defaults filled in; the tuned keys' values are
    replaced per trial), `fit_and_score(params, fit_rows, valid_rows)` returns (the validation metrics, the
    learning curve or None). Returns {'parameters': the best trial's full hyperparameters, 'trials': one row
    per trial, 'learning_curve': the chosen trial's (first fold), 'seconds'}."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    objective = tuning["objective"]
    lower = objective in LOWER_IS_BETTER
    started = time.perf_counter()
    curves, seconds, all_metrics, errors = {}, {}, {}, {}

    def run_trial(trial):
        began = time.perf_counter()
        try:
            chosen = dict(params)
            for name, space in tuning["parameters"].items():
                chosen[name] = _suggest(trial, name, space, params[name])
            totals: dict = {}
            for fold, (fit_rows, valid_rows) in enumerate(splits):
                scored, curve = fit_and_score(chosen, fit_rows, valid_rows)
                if fold == 0:
                    curves[trial.number] = curve
                for key, value in scored.items():
                    totals[key] = totals.get(key, 0.0) + value
                running = totals[objective] / (fold + 1)
                if len(splits) > 1 and fold + 1 < len(splits):
                    trial.report(running, fold)
                    if trial.should_prune():
                        raise optuna.TrialPruned()
            # NaN (a metric undefined on a split, e.g. ROC AUC of one class) is recorded as none.
            all_metrics[trial.number] = {k: (None if v != v else v / len(splits)) for k, v in totals.items()}
            return all_metrics[trial.number][objective]
        except optuna.TrialPruned:
            raise
        except Exception as exc:  # recorded as a failed trial; the study goes on
            errors[trial.number] = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            seconds[trial.number] = time.perf_counter() - began

    sampler = optuna.samplers.TPESampler(seed=0)  # the same rows and config give the same trials
    # Pruning compares a trial's running mean over the folds with earlier trials' (median rule).
    study = optuna.create_study(direction="minimize" if lower else "maximize", sampler=sampler,
                                pruner=optuna.pruners.MedianPruner(n_startup_trials=3))
    # Trial 1 tries the model's own values (those inside the space): a tuned version is never chosen over them
    # unless a trial scores better on the same validation rows.
    start = {name: params[name] for name, space in tuning["parameters"].items() if _inside(params[name], space)}
    if start:
        study.enqueue_trial(start)
    study.optimize(run_trial, n_trials=tuning["trials"], n_jobs=tuning.get("parallel_trials", 1), catch=(Exception,))
    completed = [t for t in study.trials if t.state.name == "COMPLETE"]
    if not completed:
        raise ValueError(f"no tuning trial completed ({len(study.trials)} run); the first failure: "
                         f"{next(iter(errors.values()), 'none (all pruned)')}")
    best = study.best_trial
    trials = []
    for t in sorted(study.trials, key=lambda t: t.number):
        trials.append({
            "trial": t.number + 1, "parameters": {**{k: params[k] for k in tuning["parameters"]}, **t.params},
            "objective": t.value if t.state.name == "COMPLETE" else None,
            "metrics": all_metrics.get(t.number, {}), "seconds": round(seconds.get(t.number, 0.0), 3),
            "status": STATUSES.get(t.state.name, t.state.name.lower()), "chosen": t.number == best.number,
            "error": errors.get(t.number),
            # Which rows scored it: every trial the same (the split is fixed), recorded so that a reader can
            # check they add up to the training rows, not to the SELECT with its test rows.
            "fit_rows": len(splits[0][0]), "validation_rows": sum(len(valid) for _, valid in splits),
        })
    return {"parameters": {**params, **best.params}, "trials": trials, "learning_curve": curves.get(best.number),
            "objective": objective, "seconds": round(time.perf_counter() - started, 3)}
