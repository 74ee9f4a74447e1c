"""Amazon Redshift's documented rules, as executable checks over generated statements.

Redshift has no analyzer to install, so each rule below is one sentence of the Database Developer Guide
turned into code, with the page it comes from. `violations(statements)` returns every broken rule as
"<rule>: <what>" (empty when all hold). What this cannot see: privileges, the cluster's data and
configuration, and every rule the guide does not state; a statement that passes can still be refused.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

GUIDE = "https://docs.aws.amazon.com/redshift/latest/dg/"

# r_pg_keywords.html: "The following is a list of Amazon Redshift reserved words. You can use the reserved
# words with delimited identifiers (double quotation marks)."
RESERVED = frozenset("""
aes128 aes256 all allowoverwrite analyse analyze and any array as asc authorization az64 backup between binary
blanksasnull both bytedict bzip2 case cast check collate column connect constraint create credentials cross
current_date current_time current_timestamp current_user current_user_id default deferrable deflate defrag
delta delta32k desc disable distinct do else emptyasnull enable encode encrypt encryption end except explicit
false for foreign freeze from full globaldict256 globaldict64k grant group gzip having identity ignore ilike in
initially inner intersect interval into is isnull join language leading left like limit localtime
localtimestamp lun luns lzo lzop minus mostly16 mostly32 mostly8 natural new not notnull null nulls off offline
offset oid old on only open or order outer overlaps parallel partition percent permissions pivot placing
primary raw readratio recover references rejectlog resort respect restore right select session_user similar
snapshot some sysdate system start table tag tdes text255 text32k then timestamp to top trailing true
truncatecolumns union unique unnest unpivot user using verbose wallet when where with without
""".split())

# r_CREATE_MODEL.html, "Full CREATE MODEL syntax": "follow the order of the keywords in the syntax following".
CREATE_MODEL_ORDER = ["from", "target", "function", "iam_role", "auto", "model_type", "problem_type", "objective",
                      "preprocessors", "hyperparameters", "settings"]
# The same synopsis: objectives 1-5 are for AUTO ON, the XGBoost ones for AUTO OFF (the AUTO OFF synopsis in
# r_create_model_use_cases.html lists the same XGBoost objectives, rank:* included).
AUTOPILOT_OBJECTIVES = {"MSE", "Accuracy", "F1", "F1Macro", "AUC"}
XGBOOST_OBJECTIVES = {"reg:squarederror", "reg:squaredlogerror", "reg:logistic", "reg:pseudohubererror",
                      "reg:tweedie", "binary:logistic", "binary:hinge", "multi:softmax", "rank:pairwise", "rank:ndcg"}
SETTINGS = {"s3_bucket", "kms_key_id", "s3_garbage_collect", "max_cells", "max_runtime"}
# r_create_model_use_cases.html, "CREATE MODEL with K-MEANS": no TARGET, AUTO OFF, MODEL_TYPE KMEANS, PREPROCESSORS
# ("Amazon Redshift supports 3 K-Means preprocessors, namely StandardScaler, MinMax, and NumericPassthrough"),
# HYPERPARAMETERS DEFAULT EXCEPT (K 'val' [, ...]) ("You must specify the K parameter"), whose names are SageMaker
# k-means' (k-means-api-config.html; init_method and local_lloyd_init_method take random or kmeans++).
KMEANS_PREPROCESSORS = {"StandardScaler", "MinMax", "NumericPassthrough"}
KMEANS_HYPERPARAMETERS = {"k", "feature_dim", "epochs", "eval_metrics", "extra_center_factor", "half_life_time_size",
                          "init_method", "local_lloyd_init_method", "local_lloyd_max_iter", "local_lloyd_num_trials",
                          "local_lloyd_tol", "mini_batch_size"}
# Statements the guide says cannot run inside a transaction block (BEGIN ... END): r_CREATE_DATABASE,
# r_DROP_DATABASE, r_CREATE_LIBRARY, r_DROP_LIBRARY, r_VACUUM_command, r_ALTER_TABLE_APPEND, r_ALTER_TABLE
# (altering a column; an external table), r_INSERT_external_table, r_ALTER_DATABASE (isolation level).
NO_TRANSACTION_BLOCK = [
    (r"^create database\b", "r_CREATE_DATABASE"), (r"^drop database\b", "r_DROP_DATABASE"),
    (r"^create library\b", "r_CREATE_LIBRARY"), (r"^drop library\b", "r_DROP_LIBRARY"),
    (r"^vacuum\b", "r_VACUUM_command"), (r"^alter table\b.*\bappend\b", "r_ALTER_TABLE_APPEND"),
    (r"^alter table\b.*\balter column\b", "r_ALTER_TABLE"), (r"^create external table\b", "r_CREATE_EXTERNAL_TABLE"),
    (r"^alter database\b", "r_ALTER_DATABASE"),
]


@dataclass(frozen=True)
class Token:
    kind: str   # word, quoted (identifier), string, dollar (dollar-quoted body), number, punct
    text: str   # words lowercased; strings and quoted identifiers decoded


def tokenize(sql: str) -> list[Token]:
    """Redshift's lexical structure, enough for the rules: '' and \\ in strings, "" in identifiers, $$ bodies."""
    tokens, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            i = sql.find("\n", i) if "\n" in sql[i:] else n
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end < 0:
                raise ValueError("unterminated comment")
            i = end + 2
        elif ch == "'":
            value, j = [], i + 1
            while True:
                if j >= n:
                    raise ValueError("unterminated string literal")
                if sql[j] == "\\":
                    value.append(sql[j + 1])
                    j += 2
                elif sql[j] == "'" and sql[j + 1:j + 2] == "'":
                    value.append("'")
                    j += 2
                elif sql[j] == "'":
                    break
                else:
                    value.append(sql[j])
                    j += 1
            tokens.append(Token("string", "".join(value)))
            i = j + 1
        elif ch == '"':
            value, j = [], i + 1
            while True:
                if j >= n:
                    raise ValueError("unterminated quoted identifier")
                if sql[j] == '"' and sql[j + 1:j + 2] == '"':
                    value.append('"')
                    j += 2
                elif sql[j] == '"':
                    break
                else:
                    value.append(sql[j])
                    j += 1
            tokens.append(Token("quoted", "".join(value)))
            i = j + 1
        elif ch == "$" and re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", sql[i:]):
            tag = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", sql[i:]).group(0)
            end = sql.find(tag, i + len(tag))
            if end < 0:
                raise ValueError(f"unterminated {tag} body")
            tokens.append(Token("dollar", sql[i + len(tag):end]))
            i = end + len(tag)
        elif ch == "$" and re.match(r"\$\d+", sql[i:]):
            m = re.match(r"\$\d+", sql[i:])
            tokens.append(Token("param", m.group(0)))
            i += len(m.group(0))
        elif ch.isalpha() or ch == "_" or ord(ch) > 127:
            m = re.match(r"[^\W\d][\w$]*", sql[i:])
            tokens.append(Token("word", m.group(0).lower()))
            i += len(m.group(0))
        elif ch.isdigit() or (ch == "." and sql[i + 1:i + 2].isdigit()):
            m = re.match(r"\d*\.?\d+(e[+-]?\d+)?", sql[i:], re.I)
            tokens.append(Token("number", m.group(0)))
            i += len(m.group(0))
        else:
            two = sql[i:i + 2]
            op = two if two in ("::", "<=", ">=", "<>", "!=", "||") else ch
            tokens.append(Token("punct", op))
            i += len(op)
    return tokens


def split_statements(sql: str) -> list[str]:
    """Statements of a script, split on semicolons outside strings, identifiers and $$ bodies."""
    out, start, i, n = [], 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            j = i + 1
            while j < n and not (sql[j] == ch and sql[j + 1:j + 2] != ch):
                j += 2 if (sql[j] == ch or (ch == "'" and sql[j] == "\\")) else 1
            i = j + 1
        elif ch == "$" and re.match(r"\$([A-Za-z_]\w*)?\$", sql[i:]):
            tag = re.match(r"\$([A-Za-z_]\w*)?\$", sql[i:]).group(0)
            i = sql.find(tag, i + len(tag)) + len(tag)
        elif ch == ";":
            out.append(sql[start:i])
            start = i = i + 1
        else:
            i += 1
    out.append(sql[start:])
    return [s.strip() for s in out if s.strip()]


def _words(tokens):
    return [t.text for t in tokens if t.kind == "word"]


def _check_identifiers(tokens, problems):
    # r_names.html: identifiers are "between 1 and 127 bytes in length, not including quotation marks".
    for t in tokens:
        if t.kind in ("quoted", "word") and len(t.text.encode("utf-8")) > 127:
            problems.append(f"identifier-length ({GUIDE}r_names.html): {t.text[:40]}... is "
                            f"{len(t.text.encode('utf-8'))} bytes, more than 127")
    # r_pg_keywords.html: a reserved word is an identifier only when delimited. Checked where the grammar wants
    # a name: after AS (column and table aliases, except the type in CAST(... AS type)), and a CTE's name.
    depth_cast = []
    for k, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "(":
            depth_cast.append(k > 0 and tokens[k - 1].kind == "word" and tokens[k - 1].text == "cast")
        elif t.kind == "punct" and t.text == ")":
            if depth_cast:
                depth_cast.pop()
        elif t.kind == "word" and t.text == "as" and k + 1 < len(tokens):
            following = tokens[k + 1]
            in_cast = bool(depth_cast) and depth_cast[-1]
            if following.kind == "word" and following.text in RESERVED and not in_cast and following.text not in (
                    "select", "with"):
                problems.append(f"reserved-word ({GUIDE}r_pg_keywords.html): '{following.text}' used as a name "
                                "without double quotes")
        elif (t.kind == "word" and t.text in RESERVED and k + 1 < len(tokens) and tokens[k + 1].text == "."
              and t.text not in ("current_date", "current_user")):
            problems.append(f"reserved-word ({GUIDE}r_pg_keywords.html): '{t.text}' used as a schema or table "
                            "qualifier without double quotes")
        elif (t.kind == "word" and t.text in RESERVED and k + 2 < len(tokens) and tokens[k + 1].text == "as"
              and tokens[k + 2].text == "(" and k > 0 and tokens[k - 1].text in ("with", ",")):
            problems.append(f"reserved-word ({GUIDE}r_pg_keywords.html): CTE named '{t.text}' without double quotes")


def _clauses(tokens, keywords):
    """Top-level (depth 0) positions of the given keywords, in order of appearance."""
    depth, found = 0, []
    for k, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "(":
            depth += 1
        elif t.kind == "punct" and t.text == ")":
            depth -= 1
        elif depth == 0 and t.kind == "word" and t.text in keywords:
            found.append((t.text, k))
    return found


def _check_create_model(tokens, problems):
    page = f"{GUIDE}r_CREATE_MODEL.html"
    clauses = _clauses(tokens[2:], set(CREATE_MODEL_ORDER))
    names = [c for c, _ in clauses]
    for c in set(names):
        if names.count(c) > 1:
            problems.append(f"create-model-clause ({page}): {c.upper()} appears {names.count(c)} times")
    ranks = [CREATE_MODEL_ORDER.index(c) for c in names]
    if ranks != sorted(ranks):
        problems.append(f"create-model-order ({page}): keywords in the order {', '.join(n.upper() for n in names)}")
    value = {c: tokens[2:][k + 1] if k + 1 < len(tokens) - 2 else None for c, k in clauses}
    for required in ("from", "function", "iam_role"):
        if required not in value:
            problems.append(f"create-model-clause ({page}): {required.upper()} is required")
    use_cases = f"{GUIDE}r_create_model_use_cases.html"
    kmeans = "model_type" in value and value["model_type"].text == "kmeans"
    if kmeans and "target" in value:
        problems.append(f"kmeans ({use_cases}): the K-MEANS synopsis has no TARGET")
    elif "from" in value and "target" not in value and not kmeans:
        problems.append(f"create-model-clause ({page}): a model trained FROM a query needs TARGET")
    auto_off = "auto" in value and value["auto"].text == "off"
    objective = value.get("objective")
    if kmeans:
        _check_kmeans(tokens, clauses, value, auto_off, problems)
    elif auto_off:
        if "problem_type" in value:
            problems.append(f"auto-off ({page}): PROBLEM_TYPE is \"not supported when AUTO OFF\"")
        if "model_type" not in value or value["model_type"].text != "xgboost":
            problems.append(f"auto-off ({use_cases}): AUTO OFF needs MODEL_TYPE XGBOOST (the only model type)")
        if "preprocessors" not in value or value["preprocessors"] != Token("string", "none"):
            problems.append(f"auto-off ({page}): PREPROCESSORS is \"required for AUTO OFF, when it has to be 'none'\"")
        if objective is None or objective.kind != "string" or objective.text not in XGBOOST_OBJECTIVES:
            problems.append(f"auto-off ({use_cases}): OBJECTIVE must be one of the XGBoost objectives, got "
                            f"{objective.text if objective else None}")
    else:
        if "hyperparameters" in value:
            problems.append(f"auto-on ({page}): HYPERPARAMETERS are \"required and only allowed for AUTO OFF\"")
        if objective is not None and (objective.kind != "string" or objective.text not in AUTOPILOT_OBJECTIVES):
            problems.append(f"auto-on ({page}): OBJECTIVE {objective.text} is not one of "
                            f"{', '.join(sorted(AUTOPILOT_OBJECTIVES))} (\"for AUTO ON: first 5 are valid\")")
    if "hyperparameters" in value:
        k = dict(clauses)["hyperparameters"] + 2
        rest = tokens[k + 1:]
        if rest[:2] and rest[0].text == "default" and len(rest) > 1 and rest[1].text == "except":
            inner, depth, j = [], 0, 2
            while j < len(rest):
                if rest[j].text == "(":
                    depth += 1
                elif rest[j].text == ")":
                    depth -= 1
                    if depth == 0:
                        break
                inner.append(rest[j])
                j += 1
            pairs = [p for p in _split_commas(inner[1:])]
            keys = []
            for pair in pairs:
                if len(pair) != 2 or pair[0].kind != "word" or pair[1].kind != "string":
                    problems.append(f"hyperparameter-values ({use_cases}): \"The values must be enclosed with single "
                                    f"quotes\": {' '.join(t.text for t in pair)}")
                else:
                    keys.append(pair[0].text)
                    if kmeans and pair[0].text not in KMEANS_HYPERPARAMETERS:
                        problems.append(f"kmeans ({use_cases}): {pair[0].text.upper()} is not a K-Means hyperparameter")
                    if kmeans and pair[0].text.endswith("init_method") and pair[1].text not in ("random", "kmeans++"):
                        problems.append(f"kmeans ({use_cases}): {pair[0].text.upper()} is random or kmeans++, got {pair[1].text}")
            if kmeans and "k" not in keys:
                problems.append(f"kmeans ({use_cases}): \"You must specify the K parameter\"")
                if pair and pair[0].text == "objective":
                    problems.append(f"hyperparameters ({page}): OBJECTIVE is not a hyperparameter")
            if objective is not None and objective.text == "multi:softmax" and "num_class" not in keys:
                problems.append(f"num-class ({page}): NUM_CLASS is required if objective is multi:softmax")
    if "settings" in value:
        k = dict(clauses)["settings"] + 2
        inner, depth = [], 0
        for t in tokens[k + 1:]:
            if t.text == "(":
                depth += 1
                if depth == 1:
                    continue
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    break
            inner.append(t)
        settings = {}
        for pair in _split_commas(inner):
            if not pair or pair[0].kind != "word" or pair[0].text not in SETTINGS:
                problems.append(f"settings ({page}): unknown setting {' '.join(t.text for t in pair)}")
                continue
            settings[pair[0].text] = pair[1:]
        if "s3_bucket" not in settings or [t.kind for t in settings["s3_bucket"]] != ["string"]:
            problems.append(f"settings ({page}): S3_BUCKET 'bucket' is required")
        for key in ("max_cells", "max_runtime"):
            if key in settings and ([t.kind for t in settings[key]] != ["number"] or "." in settings[key][0].text):
                problems.append(f"settings ({page}): {key.upper()} must be an integer")
    else:
        problems.append(f"settings ({page}): SETTINGS (S3_BUCKET ...) is required")


def _check_kmeans(tokens, clauses, value, auto_off, problems):
    use_cases = f"{GUIDE}r_create_model_use_cases.html"
    if not auto_off:
        problems.append(f"kmeans ({use_cases}): the K-MEANS synopsis has AUTO OFF")
    for absent in ("problem_type", "objective"):
        if absent in value:
            problems.append(f"kmeans ({use_cases}): the K-MEANS synopsis has no {absent.upper()}")
    if "hyperparameters" not in value:
        problems.append(f"kmeans ({use_cases}): HYPERPARAMETERS DEFAULT EXCEPT (K 'val') is required")
    preprocessors = value.get("preprocessors")
    try:
        column_sets = json.loads(preprocessors.text) if preprocessors and preprocessors.kind == "string" else None
    except ValueError:
        column_sets = None
    if not isinstance(column_sets, list) or not column_sets:
        problems.append(f"kmeans ({use_cases}): PREPROCESSORS is a JSON list of ColumnSet / Transformers, got "
                        f"{preprocessors.text if preprocessors else None}")
        return
    for entry in column_sets:
        if not isinstance(entry, dict) or set(entry) != {"ColumnSet", "Transformers"}:
            problems.append(f"kmeans ({use_cases}): each PREPROCESSORS entry has ColumnSet and Transformers, got {entry}")
        elif set(entry["Transformers"]) - KMEANS_PREPROCESSORS:
            problems.append(f"kmeans ({use_cases}): K-Means preprocessors are {', '.join(sorted(KMEANS_PREPROCESSORS))}, "
                            f"got {entry['Transformers']}")


def _split_commas(tokens):
    parts, current, depth = [], [], 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        if t.text == "," and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(t)
    if current:
        parts.append(current)
    return parts


def _check_create_function(tokens, problems):
    page = f"{GUIDE}r_CREATE_FUNCTION.html"
    start = next(k for k, t in enumerate(tokens) if t.text == "(")
    depth, args = 0, []
    for t in tokens[start:]:
        if t.text == "(":
            depth += 1
            if depth == 1:
                continue
        elif t.text == ")":
            depth -= 1
            if depth == 0:
                break
        args.append(t)
    count = len(_split_commas(args)) if args else 0
    if count > 32:
        problems.append(f"udf-arguments ({page}): \"You can specify a maximum of 32 arguments\"; this has {count}")
    body = next((t.text for t in tokens if t.kind == "dollar"), None)
    if body is not None and "language" in _words(tokens) and _words(tokens)[-1] == "sql":
        body_words = _words(tokenize(body))
        for clause in (["from"], ["into"], ["where"], ["group", "by"], ["order", "by"], ["limit"]):
            if any(body_words[k:k + len(clause)] == clause for k in range(len(body_words))):
                problems.append(f"sql-udf-body ({page}): the SELECT clause of a SQL UDF can't include "
                                f"{' '.join(clause).upper()}")


def _check_late_binding_view(tokens, problems):
    page = f"{GUIDE}r_CREATE_VIEW.html"
    # The rule is about "tables and views"; the names a WITH clause defines (`name as (`) are neither.
    ctes = {t.text for k, t in enumerate(tokens[:-2])
            if t.kind == "word" and tokens[k + 1].text == "as" and tokens[k + 2].text == "("}
    for k, t in enumerate(tokens):
        if t.kind == "word" and t.text in ("from", "join") and k + 1 < len(tokens):
            following = tokens[k + 1]
            if following.text == "(" or following.text in ctes:
                continue
            if following.kind in ("word", "quoted") and not (k + 2 < len(tokens) and tokens[k + 2].text == "."):
                problems.append(f"late-binding-view ({page}): with WITH NO SCHEMA BINDING, \"tables and views "
                                f"referenced in the SELECT statement must be qualified with a schema name\": "
                                f"{following.text}")


def _check_add_column(flat, problems):
    # r_ALTER_TABLE.html: "ADD [ COLUMN ] column_name column_type ..." (no IF NOT EXISTS for a column; only an
    # external table's ADD PARTITION has one), and "You can add only one column in each ALTER TABLE statement."
    page = f"{GUIDE}r_ALTER_TABLE.html"
    if re.search(r"\badd (column )?if not exists\b", flat) and " partition " not in f" {flat} ":
        problems.append(f"alter-add-column ({page}): ADD COLUMN has no IF NOT EXISTS")
    if len(re.findall(r"\badd\b", flat)) > 1:
        problems.append(f"alter-add-column ({page}): only one column in each ALTER TABLE statement")


def violations(statements: list[str], ml_schemas: set[str] | None = None) -> list[str]:
    """Every documented rule the statements break. `ml_schemas`: schemas holding ML functions (found from the
    statements' CREATE MODEL / GRANT ... ON MODEL when not given)."""
    problems: list[str] = []
    parsed = [(s, tokenize(s)) for s in statements]
    schemas = set(ml_schemas or ())
    for _, tokens in parsed:
        words = _words(tokens[:4])
        if words[:2] == ["create", "model"] or words[:4] == ["grant", "execute", "on", "model"]:
            k = 2 if words[0] == "create" else 4
            if k + 1 < len(tokens) and tokens[k + 1].text == ".":
                schemas.add(tokens[k].text.lower())
    for statement, tokens in parsed:
        head = " ".join(_words(tokens[:6]))
        flat = " ".join(t.text for t in tokens if t.kind in ("word", "punct"))
        _check_identifiers(tokens, problems)
        for pattern, page in NO_TRANSACTION_BLOCK:
            if re.search(pattern, flat):
                problems.append(f"transaction-block ({GUIDE}{page}.html): can't run inside BEGIN ... END: {head}")
        if head.startswith("create model"):
            _check_create_model(tokens, problems)
        if re.match(r"create (or replace )?function", head):
            _check_create_function(tokens, problems)
        if head.startswith("alter table"):
            _check_add_column(flat, problems)
        if re.match(r"create (or replace )?view", head) and flat.endswith("with no schema binding"):
            _check_late_binding_view(tokens, problems)
        if head.startswith("grant") and " on function " in f" {flat} ":
            names = [t for t in tokens if t.kind in ("word", "quoted", "punct")]
            at = next(i for i, t in enumerate(names) if t.kind == "word" and t.text == "function")
            if at + 2 < len(names) and names[at + 2].text == "." and names[at + 1].text.lower() in schemas:
                problems.append(f"grant-ml-function ({GUIDE}r_GRANT-usage-notes.html): granting EXECUTE on a function "
                                f"\"will fail if there is an ML function in the schema\" ({names[at + 1].text})")
    return problems
