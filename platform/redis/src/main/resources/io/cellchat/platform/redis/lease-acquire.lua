-- Leases the lowest free worker ID (RedisWorkerLeases.acquire).
-- KEYS: the lease key of each worker ID 0..n-1, then the mark key of each.  ARGV: holder, ttl ms.
-- Returns {worker, mark} as strings (mark "-1" if none), or {} when every worker ID is leased.
local n = #KEYS / 2
for w = 1, n do
  if redis.call('SET', KEYS[w], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {tostring(w - 1), redis.call('GET', KEYS[n + w]) or '-1'}
  end
end
return {}
