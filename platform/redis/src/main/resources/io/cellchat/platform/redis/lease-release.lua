-- Ends a lease early and sets the mark its holder really used (RedisWorkerLeases.release).
-- KEYS: lease key, mark key.  ARGV: holder, final mark.  Returns 1 if it was held, else 0 (nothing changed).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], ARGV[2])
return 1
