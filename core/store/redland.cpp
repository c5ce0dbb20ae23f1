#include "store/redland.hpp"

#include <dlfcn.h>

namespace papergraph::store_detail {

World::World() {
  world_ = librdf_new_world();
  if (!world_) return;
  librdf_world_set_logger(world_, this, &World::log);
  librdf_world_open(world_);
}

World::~World() {
  if (world_) librdf_free_world(world_);
}

int World::log(void* user, librdf_log_message* message) {
  auto* self = static_cast<World*>(user);
  // Warnings (Rasqal's "bound but unused" among them) are dropped.
  if (librdf_log_message_level(message) >= LIBRDF_LOG_ERROR && self->errors_.size() < 4000) {
    const char* text = librdf_log_message_message(message);
    if (!self->errors_.empty()) self->errors_ += "; ";
    self->errors_ += text ? text : "(no message)";
  }
  return 1;  // handled: librdf prints nothing
}

std::string World::takeErrors() {
  std::string e;
  e.swap(errors_);
  return e;
}

bool World::registerVirtuosoQuery() {
  if (virtuoso_query_) return true;
  // Already loaded by librdf when a virtuoso storage was made: no new load.
  void* module = ::dlopen("librdf_storage_virtuoso.so", RTLD_NOW | RTLD_NOLOAD);
  if (!module) return false;
  auto init = reinterpret_cast<void (*)(librdf_world*)>(::dlsym(module, "librdf_init_query_virtuoso"));
  if (init) {
    init(world_);
    virtuoso_query_ = true;
  }
  ::dlclose(module);  // librdf keeps its own reference
  return virtuoso_query_;
}

std::string termText(const raptor_term* t) {
  if (!t) return "";
  size_t n = 0;
  unsigned char* s = raptor_term_to_counted_string(const_cast<raptor_term*>(t), &n);
  if (!s) return "";
  std::string out(reinterpret_cast<char*>(s), n);
  raptor_free_memory(s);
  return out;
}

uint64_t fnv1a(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace papergraph::store_detail
