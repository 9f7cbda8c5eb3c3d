-- Extends a lease and raises its worker's mark, if the holder still holds it (RedisWorkerLeases.renew and
-- raiseHighWaterMark; an empty ttl only raises the mark).
-- KEYS: lease key, mark key.  ARGV: holder, ttl ms or "", mark.  Returns 1 if held, else 0 (nothing changed).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local mark = redis.call('GET', KEYS[2])
if not mark or tonumber(mark) < tonumber(ARGV[3]) then
  redis.call('SET', KEYS[2], ARGV[3])
end
return 1
