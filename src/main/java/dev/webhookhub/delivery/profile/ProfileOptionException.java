package dev.webhookhub.delivery.profile;

/** A subscription's profile option is unknown or has a value the profile cannot use. */
public class ProfileOptionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ProfileOptionException(String profile, String option, String value, String expected) {
    super(
        String.format(
            "profile %s: option %s has the invalid value '%s': %s",
            profile, option, value, expected));
  }
}
