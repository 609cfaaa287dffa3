-- Clicks per user in 2-second windows; a window's rows appear once the watermark passes its end.
-- The LIMIT ends the query after six rows (the stream itself never ends).
SELECT window_start, user_id, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' SECOND))
GROUP BY window_start, window_end, user_id
LIMIT 6;
