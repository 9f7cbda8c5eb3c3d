package io.cellchat.services.users.password;

/** Hashes passwords for storage and checks them; the stored form names its own algorithm and parameters. */
public interface PasswordHasher {

    String hash(String password);

    boolean matches(String password, String stored);
}
