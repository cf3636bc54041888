// libcurl for the Mail target's SMTP transport. Build package: libcurl4-openssl-dev
// (scripts/setup-system.sh). curl_easy_setopt is variadic, which Swift cannot call, so each
// kind of option value gets a typed wrapper here.
#ifndef AGORA_CCURL_SHIM_H
#define AGORA_CCURL_SHIM_H
#include <curl/curl.h>

/// A read callback: fills `buffer` with up to size * count bytes, returns how many it wrote.
typedef size_t (*agora_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode agora_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode agora_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode agora_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode agora_curl_set_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode agora_curl_set_read_callback(CURL *handle, agora_curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}
#endif
