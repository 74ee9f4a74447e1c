select 'it''s \ ''quoted''' as s
