select (cast(('0x' || left(md5(cast(id as varchar)), 8)) as bigint) % 100) as bucket from texts
