select 'it\'s' as s1, 'back\\slash' as s2, '"quoted"' as s3, 'x\'; drop table t; --' as s4, 'two\nlines' as s5, '雇用' as s6, 'a\\\'b' as s7
