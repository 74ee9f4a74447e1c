select mod(cast(concat('0x', substr(to_hex(md5(cast(id as string))), 1, 8)) as int64), 100) as bucket from texts
