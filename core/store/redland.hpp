// Internal: small owners of librdf objects shared by the store's files.
// Not a public header (librdf stays out of store.hpp).
#pragma once

#include <redland.h>

#include <memory>
#include <string>

namespace papergraph::store_detail {

// A librdf world with a logger that keeps error messages (the default
// logger prints garbage locations, STACK.md). One per thread: librdf has no
// locking.
class World {
 public:
  World();
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  librdf_world* get() const { return world_; }
  raptor_world* raptor() const { return librdf_world_get_raptor(world_); }
  // Errors logged since the last take(), "; "-separated; clears them.
  std::string takeErrors();
  bool hasErrors() const { return !errors_.empty(); }
  // Registers Redland's `vsparql` query language (Virtuoso's own SPARQL
  // engine) with this world. The Virtuoso storage module defines it but a
  // modular librdf (Debian's) never registers it; call after a `virtuoso`
  // storage was created (which loads the module). False when unavailable.
  bool registerVirtuosoQuery();

 private:
  static int log(void* user, librdf_log_message* message);
  librdf_world* world_ = nullptr;
  std::string errors_;
  bool virtuoso_query_ = false;
};

struct NodeFree {
  void operator()(librdf_node* n) const { librdf_free_node(n); }
};
using NodePtr = std::unique_ptr<librdf_node, NodeFree>;

// N-Triples form of a term (the same text for a term parsed or read back).
std::string termText(const raptor_term* t);

// 64-bit FNV-1a.
uint64_t fnv1a(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ULL);

}  // namespace papergraph::store_detail
