select (strtol(left(md5(cast(id as varchar)), 8), 16) % 100) as bucket from texts
