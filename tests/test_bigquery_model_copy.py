"""The opt-in stable-model copy (var dwhml_bigquery_stable_model) sends BigQuery one copy job naming one
source model: dbt-bigquery's copy_table, called by dwhml with one relation, is run against the real
google-cloud-bigquery client with its HTTP layer recorded, and its job resource is compared with the client
library's own single-source copy (the model-management page's "client libraries" route). BigQuery's
acceptance of a model as a copy source is documented, not verified here: nothing reached BigQuery."""
from contextlib import contextmanager
from types import SimpleNamespace

from google.cloud import bigquery


def _recording_client(sent):
    from google.auth.credentials import AnonymousCredentials

    client = bigquery.Client(project="dwhml-test", credentials=AnonymousCredentials())

    def call_api(retry, span_name=None, span_attributes=None, job_ref=None, headers=None, **kwargs):
        if kwargs.get("method") == "POST":
            sent.append(kwargs["data"])
        resource = dict(sent[-1])
        resource["status"] = {"state": "DONE"}
        return resource

    client._call_api = call_api
    return client


def _job_config(resource):
    return {k: v for k, v in resource["configuration"].items() if k != "jobType"}


def test_dbt_bigquery_copy_of_one_model_is_the_client_librarys_single_source_copy():
    from dbt.adapters.bigquery.connections import BigQueryConnectionManager
    from dbt.adapters.bigquery.relation import BigQueryRelation

    via_dbt, via_library = [], []
    client = _recording_client(via_dbt)

    @contextmanager
    def exception_handler(message):
        yield

    manager = SimpleNamespace(
        get_thread_connection=lambda: SimpleNamespace(handle=client), table_ref=BigQueryConnectionManager.table_ref,
        exception_handler=exception_handler,
        _retry=SimpleNamespace(create_reopen_with_deadline=lambda conn: None,
                               create_job_execution_timeout=lambda fallback: 5))
    source = BigQueryRelation.create(database="dwhml-test", schema="dwhml", identifier="employment_classifier__v0123456789abcdef")
    stable = BigQueryRelation.create(database="dwhml-test", schema="dwhml", identifier="fn_employment")
    # what bigquery__create_prediction_function does: adapter.copy_table(source, stable, 'table') -> WRITE_TRUNCATE
    BigQueryConnectionManager.copy_bq_table(manager, source, stable, "WRITE_TRUNCATE")

    library = _recording_client(via_library)
    library.copy_table(bigquery.TableReference.from_string("dwhml-test.dwhml.employment_classifier__v0123456789abcdef"),
                       "dwhml-test.dwhml.fn_employment",
                       job_config=bigquery.CopyJobConfig(write_disposition="WRITE_TRUNCATE")).result()

    assert len(via_dbt) == 1 and len(via_library) == 1
    copy = _job_config(via_dbt[0])["copy"]
    assert copy["sourceTables"] == [{"projectId": "dwhml-test", "datasetId": "dwhml",
                                     "tableId": "employment_classifier__v0123456789abcdef"}]
    assert copy["destinationTable"] == {"projectId": "dwhml-test", "datasetId": "dwhml", "tableId": "fn_employment"}
    assert copy["writeDisposition"] == "WRITE_TRUNCATE"
    assert _job_config(via_dbt[0]) == _job_config(via_library[0])
