-- Removes one owner's claims, those whose value is exactly "<epoch> <address>" (RedisRoutingTable.withdraw).
-- KEYS: one route key per partition.  ARGV: expected value, channel, then the partition of each key.
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    redis.call('PUBLISH', ARGV[2], ARGV[2 + i])
  end
end
return 0
