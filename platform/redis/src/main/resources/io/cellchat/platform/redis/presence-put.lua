-- Records a connected device (RedisPresenceStore.putDevice and its refresh).
-- KEYS: the user's devices hash.  ARGV: device, "<status> <last active ms>", deadline ms, ttl ms, refresh-only flag.
-- A device's field is "<status> <last active ms> <deadline ms>"; a device whose deadline passed is gone.
-- With the refresh-only flag "1", only an existing field's deadline moves (a removed device is not brought back);
-- returns 0 if there was none.
if ARGV[5] == '1' then
  local current = redis.call('HGET', KEYS[1], ARGV[1])
  if not current then
    return 0
  end
  local state = string.match(current, '^(%S+ %S+)')
  redis.call('HSET', KEYS[1], ARGV[1], state .. ' ' .. ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
