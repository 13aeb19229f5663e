package dev.weft.web;

/**
 * A file sent in a {@code multipart/form-data} request body (Tornado's {@code HTTPFile}).
 *
 * @param filename the name the client gave, as sent (never trust it as a path)
 * @param contentType the part's Content-Type, {@code application/unknown} if none was given (Tornado's default)
 * @param body the file's bytes
 */
public record UploadedFile(String filename, String contentType, byte[] body) {
}
