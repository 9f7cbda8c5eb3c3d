-- One request against a rate limit: the GCRA step of io.cellchat.domain.ratelimit.Gcra, atomically
-- (RedisRateLimits.acquire). Times in microseconds.
-- KEYS: the subject's key.  ARGV: now, interval, burst.
-- Returns 0 when allowed (and stores the new TAT, expiring when the bucket is full again), else the microseconds
-- to wait for one permit.
local now, interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local nxt = math.max(tat, now) + interval
local excess = nxt - now - burst * interval
if excess > 0 then
  return excess
end
redis.call('SET', KEYS[1], string.format('%d', nxt), 'PX', math.floor((nxt - now) / 1000) + 1)
return 0
