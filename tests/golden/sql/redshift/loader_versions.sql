select distinct embedding_version from "raw"."text_vectors__fingerprints" limit 2
