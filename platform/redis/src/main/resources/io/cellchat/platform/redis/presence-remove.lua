-- Forgets a device; if no live device of the user is left, records when the user was last seen, never moving it
-- back (RedisPresenceStore.removeDevice).
-- KEYS: the user's devices hash, the user's last-seen key.  ARGV: device, at ms, now ms, last-seen ttl ms.
redis.call('HDEL', KEYS[1], ARGV[1])
local now = tonumber(ARGV[3])
local fields = redis.call('HGETALL', KEYS[1])
local alive = 0
for i = 1, #fields, 2 do
  local deadline = tonumber(string.match(fields[i + 1], '(%S+)$'))
  if deadline > now then
    alive = alive + 1
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if alive == 0 then
  local seen = tonumber(redis.call('GET', KEYS[2]) or '-1')
  if tonumber(ARGV[2]) > seen then
    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
  else
    redis.call('PEXPIRE', KEYS[2], ARGV[4])
  end
end
return alive
