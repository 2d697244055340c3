#include <libetpan/libetpan.h>

// Exported by libetpan but declared only in headers Debian does not install (connect.h,
// mailsmtp_private.h). The signatures are those of libetpan 1.9.x.
int mail_tcp_connect_timeout(const char *server, uint16_t port, time_t timeout);
int mailsmtp_send_command(mailsmtp *session, char *command);
int mailsmtp_send_command_private(mailsmtp *session, char *command);
int mailsmtp_read_response(mailsmtp *session);

// libetpan has no helper for the UNDELETED search key; this is the general constructor with
// every other field empty.
static inline struct mailimap_search_key *chainmail_search_key_new_undeleted(void) {
    return mailimap_search_key_new(MAILIMAP_SEARCH_KEY_UNDELETED, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL,
        NULL, 0, NULL, NULL, NULL);
}
