#ifndef SEGMENTOPS_CCURL_SHIM_H
#define SEGMENTOPS_CCURL_SHIM_H

#include <curl/curl.h>

/*
 * curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These typed wrappers are
 * static inline so that they compile into the Swift module that imports them (no separate object to link).
 */

typedef size_t (*segops_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode segops_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode segops_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode segops_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode segops_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode segops_curl_setopt_write_callback(CURL *handle, CURLoption option,
                                                        segops_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode segops_curl_setopt_size(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode segops_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
