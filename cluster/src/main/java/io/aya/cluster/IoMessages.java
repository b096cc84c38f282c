package io.aya.cluster;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns a file-system exception into words for an operator: {@code "permission denied"} rather than
 * {@code java.nio.file.AccessDeniedException: /var/lib/aya}. Java's {@link FileSystemException} subclasses
 * carry the reason in their class name only, so their plain message is just the path. Stateless.
 */
public final class IoMessages {
  private IoMessages() {}

  /** The cause of {@code e} as a short phrase, without the Java class name (the path is not repeated). */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way (already exists)";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof FileSystemException fs) {
      String r = fs.getReason();
      return r == null || r.isBlank() ? "file system error" : lowerFirst(r);
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "I/O error" : m;
  }

  private static String lowerFirst(String s) {
    return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
        ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
  }
}
