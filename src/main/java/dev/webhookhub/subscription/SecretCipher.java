package dev.webhookhub.subscription;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under the master key, so that a database dump alone
 * reveals no signing secret or credential header. Stored form: {@code v1:} + base64 of a random
 * 12-byte nonce followed by the ciphertext and tag. Errors never include the plaintext.
 */
public final class SecretCipher {

  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param masterKey base64 (standard or URL-safe) of exactly 32 bytes
   */
  public SecretCipher(String masterKey) {
    byte[] bytes = decode(masterKey);
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "the secrets master key must be 32 bytes in base64 (it has " + bytes.length + ")");
    }
    this.key = new SecretKeySpec(bytes, "AES");
  }

  private static byte[] decode(String masterKey) {
    try {
      return Base64.getUrlDecoder().decode(masterKey.replace('+', '-').replace('/', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secrets master key is not base64");
    }
  }

  public String encrypt(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encrypt a secret: " + e.getClass().getSimpleName());
    }
  }

  public String decrypt(String stored) {
    if (!stored.startsWith(PREFIX)) {
      throw new IllegalStateException("Stored secret has an unknown format");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Most likely a different master key than the one the secret was stored with.
      throw new IllegalStateException(
          "Cannot decrypt a stored secret: is HUB_SECRETS_MASTER_KEY the key it was stored with?");
    }
  }
}
