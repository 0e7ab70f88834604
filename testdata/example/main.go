// Command service runs the example service.
package main

import (
	"log"

	"example.com/service/server"
)

func main() {
	go func() { log.Println(server.RunDebug("localhost:6060")) }()
	log.Fatal(server.Run(":8080"))
}
